import { codeFunction } from '../adapters/wx-server-sdk';

/** Cloud function `wxacodeGet`: wxacode.get (at most 100,000 codes per app, ever), cached. */
export const main = codeFunction('wxacode.get');
