import { codeFunction } from '../adapters/wx-server-sdk';

/** Cloud function `wxacodeGetUnlimited`: wxacode.getUnlimited (unlimited codes, 5,000 calls a minute), cached. */
export const main = codeFunction('wxacode.getUnlimited');
