import { ErrCode, WxacodeError } from '../errors';
import type { WxacodeApi } from '../params/types';

/**
 * WeChat's errmsg for a few codes does not say what to do; the same number can mean different things per API.
 * WeChat's code and message are kept; the hint is appended.
 */
export function withWechatHint(api: WxacodeApi, error: WxacodeError): WxacodeError {
  // 获取小程序码 (wxacode.get): 45009 生成码超过每天最大个数限制（1 万/天）— unlike getUnlimited's per-minute 45009
  if (api === 'wxacode.get' && error.errCode === ErrCode.DAILY_LIMIT && !error.errMsg.includes('resets the next day')) {
    return new WxacodeError(
      error.errCode,
      `${error.errMsg}. wxacode.get makes at most 10,000 codes a day; the cap resets the next day, so retrying today does not help. Codes already made are still served from the cache; for more codes use wxacodeGetUnlimited`,
    );
  }
  return error;
}
