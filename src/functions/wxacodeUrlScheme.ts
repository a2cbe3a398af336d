import { linkFunction } from '../adapters/wx-server-sdk/links';

/** Cloud function `wxacodeUrlScheme`: urlscheme.generate / generateNFCScheme (weixin:// URL Scheme), validated and cached until it expires. */
export const main = linkFunction('urlScheme');
