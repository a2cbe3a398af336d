import { ErrCode } from '../../errors';
import { reject } from '../reject';

/**
 * `isExpire` / `is_expire` chose a permanent link before 小程序链接生成与使用规则调整公告 (2022-04); every link expires
 * now (at most 30 days), and code still sending `isExpire: false` "永久有效" gets a 30-day link. Refused, with why.
 */
export function checkNoIsExpire(event: Record<string, unknown>): void {
  for (const key of ['isExpire', 'is_expire']) {
    if (Object.prototype.hasOwnProperty.call(event, key)) {
      throw reject(
        ErrCode.LINK_INVALID_EXPIRY,
        key,
        'is obsolete: URL Links and URL Schemes always expire now, at most 30 days after they are made (小程序链接生成与使用规则调整公告, 2022-04)',
        event[key],
        'Drop it; pass expireInterval (days, 1-30) or expireTime, or nothing for 30 days. For a link that never expires use a permanent Short Link (wxacodeShortLink isPermanent: true)',
      );
    }
  }
}
