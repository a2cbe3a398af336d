import { httpStatusOf } from '../batch/batch-event';
import { ErrCode } from '../errors';
import { jsonResponse, type HttpEvent, type HttpResponse } from '../http-endpoint/http-event';
import { isHttpResponse, readStaffRequest } from '../http-endpoint/staff-request';
import type { Caller } from '../policy/policy';
import { adminActionOf, handleAdminRequest, type AdminDeps, type AdminReply } from './admin-handler';
import { ADMIN_FUNCTION } from './contract';

export interface AdminEventContext {
  /** bearer tokens of the HTTP access path (WXACODE_HTTP_TOKENS) */
  tokens: readonly string[];
  /** mini program users allowed besides trusted callers (WXACODE_ADMIN_OPENIDS) */
  adminOpenids: readonly string[];
  /** read only for callFunction events */
  caller: () => Caller;
  /** made only once the request is admitted */
  deps: () => AdminDeps;
  /** how history names an admin: a keyed hash of the openid, never the openid */
  adminActor: (openid: string) => Promise<string>;
}

function isHttpEvent(event: unknown): event is HttpEvent {
  return !!event && typeof event === 'object' && typeof (event as HttpEvent).httpMethod === 'string';
}

/**
 * The whole of `wxacodeAdmin`: an HTTP access request (bearer token), or a callFunction event from a trusted caller
 * (another cloud function, the console) or an admin of WXACODE_ADMIN_OPENIDS. Any other mini program user: -700101,
 * before anything is read. Never throws.
 */
export async function handleAdminEvent(event: unknown, context: AdminEventContext): Promise<AdminReply | HttpResponse> {
  if (isHttpEvent(event)) return handleHttp(event, context);
  try {
    adminActionOf(event);
  } catch (error) {
    const { errCode, errMsg } = error as { errCode: number; errMsg: string };
    return { errCode, errMsg };
  }
  const openid = context.caller().openid;
  if (openid && !context.adminOpenids.includes(openid)) {
    return {
      errCode: ErrCode.CALLER_NOT_ADMIN,
      errMsg: `${ADMIN_FUNCTION} is for staff: call it from another cloud function, the console or its HTTP path, or add this user to WXACODE_ADMIN_OPENIDS`,
    };
  }
  const actor = openid ? await context.adminActor(openid) : 'trusted';
  return handleAdminRequest(event, context.deps(), actor);
}

async function handleHttp(event: HttpEvent, context: AdminEventContext): Promise<HttpResponse> {
  const request = readStaffRequest(event, context.tokens, ADMIN_FUNCTION, ErrCode.INVALID_ARGS);
  if (isHttpResponse(request)) return request;
  const reply = await handleAdminRequest(request.body, context.deps(), `http token ${request.tokenNumber}`);
  return jsonResponse(httpStatusOf(reply.errCode), reply);
}
