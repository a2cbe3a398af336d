import { ErrCode } from '../errors';
import { jsonResponse, type HttpEvent, type HttpResponse } from '../http-endpoint/http-event';
import { isHttpResponse, readStaffRequest } from '../http-endpoint/staff-request';
import type { Caller } from '../policy/policy';
import { BATCH_FUNCTION } from './contract';
import { actionOf, handleBatchRequest, restartStalledJobs, type BatchDeps, type BatchReply } from './batch-handler';

export interface BatchEventContext {
  /** bearer tokens of the HTTP access path (WXACODE_HTTP_TOKENS) */
  tokens: readonly string[];
  /** mini program users allowed besides trusted callers (WXACODE_ADMIN_OPENIDS) */
  adminOpenids: readonly string[];
  /** read only for callFunction events, after the action was checked */
  caller: () => Caller;
  /** the batch's adapters, made only once the request is admitted (a refused event loads nothing) */
  deps: () => BatchDeps;
  now: () => number;
  /** the invocation's time limit (SCF's context.time_limit_in_ms) */
  timeLimitMs?: number;
}

/** A worker slice ends this long before the function's time limit, leaving time to settle and hand on. */
export function sliceDeadline(started: number, timeLimitMs = 20_000): number {
  const margin = Math.max(5000, Math.floor(timeLimitMs * 0.25));
  return started + Math.max(2000, timeLimitMs - margin);
}

function isHttpEvent(event: unknown): event is HttpEvent {
  return !!event && typeof event === 'object' && typeof (event as HttpEvent).httpMethod === 'string';
}

function isTimerEvent(event: unknown): boolean {
  return !!event && typeof event === 'object' && (event as { Type?: unknown }).Type === 'Timer';
}

/** HTTP status of a reply: 200 when done, 4xx when the request was refused, 502 for WeChat's and CloudBase's faults. */
export function httpStatusOf(errCode: number): number {
  if (errCode === 0) return 200;
  if (errCode === ErrCode.BATCH_UNKNOWN_JOB) return 404;
  if (errCode === ErrCode.CALLER_NOT_ADMIN) return 403;
  if (errCode <= -700000 && errCode > -700500) return 400;
  if (errCode > 0 && errCode < 45000) return 400;
  return 502;
}

/**
 * The whole of `wxacodeBatch`: an HTTP access request (bearer token, JSON body), the hourly timer (restarts stalled
 * jobs), or a callFunction event (trusted callers and WXACODE_ADMIN_OPENIDS only). Never throws.
 */
export async function handleBatchEvent(event: unknown, context: BatchEventContext): Promise<BatchReply | HttpResponse> {
  const started = context.now();
  const deadline = sliceDeadline(started, context.timeLimitMs);
  if (isHttpEvent(event)) return handleHttp(event, context, deadline);
  if (isTimerEvent(event)) return restartStalledJobs(context.deps());
  try {
    actionOf(event);
  } catch (error) {
    const { errCode, errMsg } = error as { errCode: number; errMsg: string };
    return { errCode, errMsg };
  }
  const openid = context.caller().openid;
  if (openid && !context.adminOpenids.includes(openid)) {
    return {
      errCode: ErrCode.CALLER_NOT_ADMIN,
      errMsg: 'wxacodeBatch is for admins: call it from another cloud function, the console or its HTTP path, or add this user to WXACODE_ADMIN_OPENIDS',
    };
  }
  return handleBatchRequest(event, context.deps(), deadline);
}

async function handleHttp(event: HttpEvent, context: BatchEventContext, deadline: number): Promise<HttpResponse> {
  const request = readStaffRequest(event, context.tokens, BATCH_FUNCTION, ErrCode.BATCH_BAD_ARGUMENT);
  if (isHttpResponse(request)) return request;
  const reply = await handleBatchRequest(request.body, context.deps(), deadline);
  return jsonResponse(httpStatusOf(reply.errCode), reply);
}
