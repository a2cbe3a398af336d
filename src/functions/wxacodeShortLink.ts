import { linkFunction } from '../adapters/wx-server-sdk/links';

/** Cloud function `wxacodeShortLink`: shortlink.generate (#小程序:// Short Link for chats), validated and cached; permanent ones made once. */
export const main = linkFunction('shortLink');
