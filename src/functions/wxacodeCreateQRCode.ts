import { codeFunction } from '../adapters/wx-server-sdk';

/** Cloud function `wxacodeCreateQRCode`: wxacode.createQRCode (square QR, shares the 100,000 lifetime quota), cached. */
export const main = codeFunction('wxacode.createQRCode');
