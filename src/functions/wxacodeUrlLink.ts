import { linkFunction } from '../adapters/wx-server-sdk/links';

/** Cloud function `wxacodeUrlLink`: urllink.generate (URL Link for SMS, e-mail and H5 outside WeChat; expires within 30 days), validated and cached until it expires. */
export const main = linkFunction('urlLink');
