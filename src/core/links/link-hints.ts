import { ErrCode, WxacodeError } from '../errors';
import { LinkCapError, resumesAt } from './link-caps';
import type { LinkRequest } from './types';

/**
 * WeChat's answers to a link call that do not say what to do next get a hint; WeChat's code and message are kept.
 * None of these is retried (see retryableForLinks): a retry hits the same wall, many callers retrying at once are a storm.
 */
export function withLinkHint(api: LinkRequest['api'] | 'urllink.query' | 'urlscheme.query', error: WxacodeError, nowMs: number): WxacodeError {
  if (error instanceof LinkCapError) return error;
  const hint = hintFor(api, error.errCode, nowMs);
  if (!hint || error.errMsg.includes(hint.slice(0, 40))) return error;
  return new WxacodeError(error.errCode, `${error.errMsg}. ${hint}`);
}

function hintFor(api: string, errCode: number, nowMs: number): string | undefined {
  switch (errCode) {
    case ErrCode.SYSTEM_ERROR:
      // the only code retried (retryableForLinks): reaching here, the retries are spent
      return "WeChat stayed busy through the retries: no link was made and none counted against the day's caps; call again in a moment (the same event gives the same link)";
    case ErrCode.LINK_DAILY_CAP:
      // 获取加密URLLink / 获取加密scheme码: 44993 单天生成Scheme+URL Link数量超过上限50万
      return `The day's 50万 URL Links and URL Schemes (one cap for both) are spent; generation resumes at ${resumesAt(nowMs)}. Retrying today does not help; links already made are still served from the cache`;
    case ErrCode.LINK_RATE_LIMIT:
      // 44990 生成Scheme/URL Link频率过快（超过100次/秒）
      return 'WeChat allows 100 link calls a second for the whole app: wait a second before the next call (wxacodeBatch paces itself); this call was not retried';
    case ErrCode.LINK_NO_RELEASE:
      return 'Links open only a published mini program: publish a first version in the MP backend (版本管理), then make the link';
    case ErrCode.SHORT_LINK_PERMANENT_QUOTA:
      return "The app's 10万 permanent Short Links are used up for good: make temporary ones (isPermanent: false, 30 days)";
    case ErrCode.DAILY_LIMIT:
      return api === 'shortlink.generate' ? `The day's Short Link cap is reached; generation resumes at ${resumesAt(nowMs)}` : undefined;
    case ErrCode.LINK_NOT_FOUND:
      return 'WeChat knows no such link for this app: check it was made by this app and copied whole';
    case 40002:
      return "Links need a mini program of a non-personal subject (企业, 政府, 媒体 or other organisation) in mainland China";
    case 85088:
      return 'cloudBase needs CloudBase enabled for the app and a static website on that environment';
    // 获取NFC的小程序scheme: 9800003 model_id 不合法, 9800007 sn 不合法, 9800008 sn 未注册, 9800009 model 未授权
    case 9800003:
    case 9800009:
      return 'Check nfc.modelId: the device model must be registered for NFC in the MP backend and authorized for this app';
    case 9800007:
    case 9800008:
      return 'Check nfc.sn: the device serial number must be registered under that model (one code per device)';
    // not in WeChat's table; the developer community quotes it for a second scheme of one device
    case 9800010:
      return 'This device already has an NFC scheme: a device has one, made once. Use the one made (the same event returns it from the cache)';
    default:
      return undefined;
  }
}

/** Only WeChat's "system busy" (-1) is retried for links: 44990, 44993, 45009 and 85400 fail the same way again. */
export function retryableForLinks(errCode: number): boolean {
  return errCode === ErrCode.SYSTEM_ERROR;
}
