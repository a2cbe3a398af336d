import { httpStatusOf } from '../batch/batch-event';
import { ErrCode } from '../errors';
import { bearerToken, TOKENS_VARIABLE } from '../http-endpoint/bearer-tokens';
import { header, jsonResponse, type HttpEvent, type HttpResponse } from '../http-endpoint/http-event';
import type { Caller } from '../policy/policy';
import { adminActionOf, handleAdminRequest, type AdminDeps, type AdminReply } from './admin-handler';
import { createHash, timingSafeEqual } from 'node:crypto';
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

/** The 1-based position of the presented token among the configured ones (0: none), in constant time per token. */
function tokenNumber(presented: string, configured: readonly string[]): number {
  const digest = (v: string) => createHash('sha256').update(v, 'utf8').digest();
  const mine = digest(presented);
  let found = 0;
  configured.forEach((token, i) => {
    if (timingSafeEqual(mine, digest(token)) && found === 0) found = i + 1;
  });
  return found;
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
  const refuse = (status: number, errMsg: string) => jsonResponse(status, { errCode: ErrCode.CALLER_NOT_ADMIN, errMsg });
  if ((event.httpMethod ?? '').toUpperCase() !== 'POST') {
    return jsonResponse(405, { errCode: ErrCode.INVALID_ARGS, errMsg: `method: use POST with a JSON body {action, …}; received ${event.httpMethod}` });
  }
  const token = bearerToken(header(event, 'authorization'));
  if (!token) return refuse(401, 'send the header Authorization: Bearer <token> (a token of WXACODE_HTTP_TOKENS)');
  if (context.tokens.length === 0) return refuse(403, `no tokens are configured: set ${TOKENS_VARIABLE} on ${ADMIN_FUNCTION}`);
  const number = tokenNumber(token, context.tokens);
  if (number === 0) return refuse(403, `that token is not authorized: use one of ${TOKENS_VARIABLE}`);
  const raw = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body ?? '';
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return jsonResponse(400, { errCode: ErrCode.INVALID_ARGS, errMsg: 'body: is not JSON; send Content-Type: application/json and {"action": …}' });
  }
  const reply = await handleAdminRequest(body, context.deps(), `http token ${number}`);
  return jsonResponse(httpStatusOf(reply.errCode), reply);
}
