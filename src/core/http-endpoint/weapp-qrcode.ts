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
}

/**
 * `POST /api/weapp/qrcode` with `{path, scene}` → `{code: 0, msg: '', data: <image URL>}`: a getUnlimited code
 * for a CMS or back office, behind a bearer token. That doc's paths start with "/", which WeChat's page
 * refuses; it is stripped here so that doc's own example works.
 */
export async function handleWeappQrcode(event: HttpEvent, deps: WeappQrcodeDeps): Promise<HttpResponse> {
  if ((event.httpMethod ?? 'POST').toUpperCase() !== 'POST') {
    return jsonResponse(405, { code: HttpCode.ERROR, msg: `use POST with a JSON body {path, scene}; received ${event.httpMethod}` });
  }
  const token = bearerToken(header(event, 'authorization'));
  if (!token) return jsonResponse(401, { code: HttpCode.NOT_LOGGED_IN, msg: 'send the header Authorization: Bearer <token>' });
  if (deps.tokens.length === 0) {
    return jsonResponse(403, { code: HttpCode.NOT_AUTHORIZED, msg: `no tokens are configured: set ${TOKENS_VARIABLE} on the function` });
  }
  if (!tokenMatches(token, deps.tokens)) return jsonResponse(403, { code: HttpCode.NOT_AUTHORIZED, msg: 'that token is not authorized' });

  const raw = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    deps.guard.checkEventSize(raw ?? '');
  } catch (error) {
    return jsonResponse(413, { code: HttpCode.ERROR, msg: (error as Error & { errMsg?: string }).errMsg ?? String(error) });
  }
  const body = parseBody(raw);
  if (!body.ok) return jsonResponse(400, { code: HttpCode.ERROR, msg: body.msg });
  const { path, scene, ...rest } = body.value;
  if (path === undefined || path === null || path === '' || path === '/') {
    return jsonResponse(400, { code: HttpCode.EMPTY_PATH, msg: 'path: must not be empty; pass the page to open, e.g. "/pages/index/index"' });
  }
  const page = typeof path === 'string' ? path.replace(/^\/+/, '') : path;
  const result = await handleCodeEvent('wxacode.getUnlimited', { ...rest, scene, page }, deps.service, { guard: deps.guard });
  if (result.errCode === 0) return jsonResponse(200, { code: HttpCode.OK, msg: '', data: (result as FileDelivered).tempFileURL });
  if (result.errCode === ErrCode.INVALID_SCENE || result.errCode === ErrCode.INVALID_SCENE_LENGTH) {
    return jsonResponse(400, { code: HttpCode.BAD_SCENE, msg: result.errMsg });
  }
  return jsonResponse(result.errCode > 0 && result.errCode < 50000 ? 400 : 502, { code: HttpCode.ERROR, msg: `errCode ${result.errCode}: ${result.errMsg}` });
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
