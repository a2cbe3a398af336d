import type { CodeService } from '../delivery/code-service';
import type { FileDelivered } from '../delivery/results';
import { ErrCode } from '../errors';
import { handleCodeEvent } from '../handler/handle-code-event';
import type { CallerGuard } from '../policy/caller-guard';
import { bearerToken, tokenMatches, TOKENS_VARIABLE } from './bearer-tokens';
import { header, jsonResponse, type HttpEvent, type HttpResponse } from './http-event';

/** The error codes of the CMS endpoint this imitates (the "Generate Mini Program Code Interface" doc, `POST /api/weapp/qrcode`). */
export const HttpCode = {
  OK: 0,
  ERROR: -1,
  NOT_LOGGED_IN: 1001,
  NOT_AUTHORIZED: 1002,
  EMPTY_PATH: 3001,
  BAD_SCENE: 3002,
} as const;

export interface WeappQrcodeDeps {
  service: CodeService;
  guard: CallerGuard;
  tokens: readonly string[];
  /** epoch ms when the platform kills this invocation */
  deadline?: number;
}

/** The request parameters that doc lists (path, scene), and nothing else: options such as output or cache are not part of this API. */
const BODY_KEYS = ['path', 'scene'] as const;

/** This toolkit's refusals, as HTTP statuses a CMS understands; anything else of ours is the service failing. */
const TOOLKIT_STATUS: Record<number, number> = {
  [ErrCode.SCENE_KEY_NOT_FOUND]: 400,
  [ErrCode.SCENE_KEY_EXPIRED]: 400,
  [ErrCode.SCENE_MALFORMED]: 400,
  [ErrCode.SCENE_DATA_TOO_LARGE]: 413,
  [ErrCode.CALLER_NOT_ADMIN]: 403,
  [ErrCode.CALLER_RATE_LIMITED]: 429,
  [ErrCode.EVENT_TOO_LARGE]: 413,
  [ErrCode.PAGE_NOT_ALLOWED]: 400,
  [ErrCode.CODE_IN_PROGRESS]: 409,
  [ErrCode.UPSTREAM_BAD_REPLY]: 502,
  [ErrCode.UPSTREAM_TIMEOUT]: 504,
  [ErrCode.INTERNAL]: 500,
};

/** The HTTP status of a failed code: refusals of a bad request are 4xx, WeChat's or the platform's faults 5xx. */
export function statusOf(errCode: number): number {
  if (errCode in TOOLKIT_STATUS) return TOOLKIT_STATUS[errCode];
  const limits: number[] = [ErrCode.MINUTE_RATE_LIMIT, ErrCode.LIFETIME_QUOTA_REACHED, ErrCode.CLOUDBASE_QPS_EXCEEDED, ErrCode.CLOUDBASE_CALLS_EXHAUSTED];
  if (limits.includes(errCode)) return 429;
  return errCode > 0 && errCode < 50000 ? 400 : 502;
}

/**
 * `POST /api/weapp/qrcode` with `{path, scene}` → `{code: 0, msg: '', data: <image URL>}`: a getUnlimited code
 * for a CMS or back office, behind a bearer token. That doc's paths start with "/", which WeChat's page
 * refuses; it is stripped here so that doc's own example works.
 */
export async function handleWeappQrcode(event: unknown, deps: WeappQrcodeDeps): Promise<HttpResponse> {
  try {
    return await serve(asHttpEvent(event), deps);
  } catch (error) {
    // a gateway answer, never a crash: the platform would turn a throw into a bare 502
    return jsonResponse(500, { code: HttpCode.ERROR, msg: `internal error: ${(error as Error)?.message ?? String(error)}` });
  }
}

async function serve(event: HttpEvent, deps: WeappQrcodeDeps): Promise<HttpResponse> {
  const method = typeof event.httpMethod === 'string' ? event.httpMethod.toUpperCase() : 'POST';
  if (method !== 'POST') {
    return jsonResponse(405, { code: HttpCode.ERROR, msg: `use POST with a JSON body {path, scene}; received ${String(event.httpMethod)}` });
  }
  const token = bearerToken(header(event, 'authorization'));
  if (!token) return jsonResponse(401, { code: HttpCode.NOT_LOGGED_IN, msg: 'send the header Authorization: Bearer <token>' });
  if (deps.tokens.length === 0) {
    return jsonResponse(403, { code: HttpCode.NOT_AUTHORIZED, msg: `no tokens are configured: set ${TOKENS_VARIABLE} on the function` });
  }
  if (!tokenMatches(token, deps.tokens)) return jsonResponse(403, { code: HttpCode.NOT_AUTHORIZED, msg: 'that token is not authorized' });

  if (event.body !== undefined && event.body !== null && typeof event.body !== 'string') {
    return jsonResponse(400, { code: HttpCode.ERROR, msg: `the body must arrive as text; received ${typeof event.body}` });
  }
  const raw = event.isBase64Encoded === true && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    deps.guard.checkEventSize(raw ?? '');
  } catch (error) {
    return jsonResponse(413, { code: HttpCode.ERROR, msg: (error as Error & { errMsg?: string }).errMsg ?? String(error) });
  }
  const body = parseBody(raw);
  if (!body.ok) return jsonResponse(400, { code: HttpCode.ERROR, msg: body.msg });
  const unknown = Object.keys(body.value).filter((key) => !(BODY_KEYS as readonly string[]).includes(key));
  if (unknown.length > 0) {
    return jsonResponse(400, {
      code: HttpCode.ERROR,
      msg: `unknown ${unknown.length === 1 ? 'key' : 'keys'} ${unknown.map((k) => JSON.stringify(k)).join(', ')}: this endpoint takes exactly {"path", "scene"}; remove the others`,
    });
  }
  const { path, scene } = body.value;
  if (path === undefined || path === null || path === '' || path === '/') {
    return jsonResponse(400, { code: HttpCode.EMPTY_PATH, msg: 'path: must not be empty; pass the page to open, e.g. "/pages/index/index"' });
  }
  const page = typeof path === 'string' ? path.replace(/^\/+/, '') : path;
  const result = await handleCodeEvent('wxacode.getUnlimited', { scene, page }, deps.service, { guard: deps.guard, deadline: deps.deadline });
  if (result.errCode === 0) return jsonResponse(200, { code: HttpCode.OK, msg: '', data: (result as FileDelivered).tempFileURL });
  if (result.errCode === ErrCode.INVALID_SCENE || result.errCode === ErrCode.INVALID_SCENE_LENGTH) {
    return jsonResponse(400, { code: HttpCode.BAD_SCENE, msg: result.errMsg });
  }
  return jsonResponse(statusOf(result.errCode), { code: HttpCode.ERROR, msg: `errCode ${result.errCode}: ${result.errMsg}` });
}

/** Whatever the platform (or a test, or a fuzzer) hands over, read as an HttpEvent without trusting its shape. */
function asHttpEvent(event: unknown): HttpEvent {
  return event !== null && typeof event === 'object' && !Array.isArray(event) ? (event as HttpEvent) : {};
}

function parseBody(raw: string | null | undefined): { ok: true; value: Record<string, unknown> } | { ok: false; msg: string } {
  if (!raw) return { ok: false, msg: 'send a JSON body {"path": "/pages/index/index", "scene": "id=1"}' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return { ok: false, msg: 'the body is not JSON: send Content-Type: application/json and {"path", "scene"}' };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, msg: 'the body must be a JSON object {"path", "scene"}' };
  return { ok: true, value: value as Record<string, unknown> };
}
