import {
  FUNCTIONS,
  type CodeImage,
  type CreateQRCodeParams,
  type Failure,
  type GetParams,
  type GetUnlimitedParams,
  type Outcome,
  type ResolvedScene,
  type ResolveSceneParams,
  type UnlimitedCodeImage,
  type ShortLinkMade,
  type ShortLinkParams,
  type UrlLinkMade,
  type UrlLinkParams,
  type UrlSchemeMade,
  type UrlSchemeParams,
} from './types';
import { cloudbaseBackoffMs, PAGE_QPS_RETRY, QPS_REFUSED } from '../core/reliability/qps-backoff';
import { retrying } from '../core/reliability/retry-loop';
import { miniProgramWx } from './mini-program';

/** The toolkit's code for a reply that is not `{errCode, errMsg, …}` (same as ErrCode.UPSTREAM_BAD_REPLY). */
export const BAD_REPLY = -700501;
/** wx.cloud failures carry no errCode sometimes (offline, function not deployed); WeChat's generic code. */
export const CALL_FAILED = -1;

/**
 * A call CloudBase refused for its QPS window (-501004, before the function ran: nothing was done) is sent again, by
 * the functions' own rule (qps-backoff.ts): at least a second apart, jittered, at most 4 tries (about 10 s at worst).
 */
function callWithinQps(name: string, data: object) {
  // read wx at call time, not import time, so tests can stub it per case
  return retrying(() => miniProgramWx().cloud.callFunction({ name, data }), {
    attempts: PAGE_QPS_RETRY.attempts,
    waitAfter: (error, attempt, random) => ((error as { errCode?: unknown } | null)?.errCode === QPS_REFUSED ? cloudbaseBackoffMs(attempt, PAGE_QPS_RETRY, random) : undefined),
    pastDeadline: (error) => error,
    exhausted: (error, attempts) => {
      const e = (error ?? {}) as { errCode?: unknown; errMsg?: unknown };
      const said = typeof e.errMsg === 'string' ? e.errMsg : String(error);
      return { errCode: QPS_REFUSED, errMsg: `${said} [refused ${attempts} times: the environment is at its QPS limit. Try again in a few seconds; if it keeps happening, the environment needs a plan with more QPS]` };
    },
  });
}

/**
 * Calls a cloud function and always settles to `{errCode: 0, …}` or `{errCode, errMsg}`: pages show one shape
 * whether the function refused the request, the call failed, or the reply was not understood.
 */
async function call<T>(name: string, data: object): Promise<Outcome<T>> {
  let reply: unknown;
  try {
    reply = (await callWithinQps(name, data)).result;
  } catch (error) {
    return callFailure(name, error);
  }
  if (reply && typeof reply === 'object' && typeof (reply as Failure).errCode === 'number') {
    const outcome = reply as Outcome<T>;
    return typeof outcome.errMsg === 'string' ? outcome : { ...outcome, errMsg: '' };
  }
  return { errCode: BAD_REPLY, errMsg: `${name}: replied ${JSON.stringify(reply) ?? 'nothing'}, not {errCode, errMsg}. Check the function is uploaded and deployed from this project's cloud functions folder` };
}

function callFailure(name: string, error: unknown): Failure {
  const e = (error ?? {}) as { errCode?: unknown; errMsg?: unknown; message?: unknown };
  const errCode = typeof e.errCode === 'number' ? e.errCode : CALL_FAILED;
  const errMsg = typeof e.errMsg === 'string' ? e.errMsg : typeof e.message === 'string' ? e.message : String(error);
  return { errCode, errMsg: `${name}: ${errMsg}` };
}

export function wxacodeGet(params: GetParams): Promise<Outcome<CodeImage>> {
  return call<CodeImage>(FUNCTIONS.get, params);
}

export function wxacodeCreateQRCode(params: CreateQRCodeParams): Promise<Outcome<CodeImage>> {
  return call<CodeImage>(FUNCTIONS.createQRCode, params);
}

export function wxacodeGetUnlimited(params: GetUnlimitedParams): Promise<Outcome<UnlimitedCodeImage>> {
  return call<UnlimitedCodeImage>(FUNCTIONS.getUnlimited, params);
}

export function wxacodeResolveScene(params: ResolveSceneParams): Promise<Outcome<ResolvedScene>> {
  return call<ResolvedScene>(FUNCTIONS.resolveScene, params);
}

export function wxacodeUrlLink(params: UrlLinkParams): Promise<Outcome<UrlLinkMade>> {
  return call<UrlLinkMade>(FUNCTIONS.urlLink, params);
}

export function wxacodeUrlScheme(params: UrlSchemeParams): Promise<Outcome<UrlSchemeMade>> {
  return call<UrlSchemeMade>(FUNCTIONS.urlScheme, params);
}

export function wxacodeShortLink(params: ShortLinkParams): Promise<Outcome<ShortLinkMade>> {
  return call<ShortLinkMade>(FUNCTIONS.shortLink, params);
}
