import { ErrCode } from '../errors';
import { bearerToken, tokenNumber, TOKENS_VARIABLE } from './bearer-tokens';
import { header, jsonResponse, type HttpEvent, type HttpResponse } from './http-event';

/** A staff function's HTTP request, admitted: its JSON body, and which configured token it carried (1-based). */
export interface StaffRequest {
  body: unknown;
  tokenNumber: number;
}

/**
 * The checks every staff function's HTTP access path makes (wxacodeBatch, wxacodeAdmin): POST, a bearer token of
 * WXACODE_HTTP_TOKENS, a JSON body. A refusal comes back as the response to send.
 */
export function readStaffRequest(event: HttpEvent, tokens: readonly string[], functionName: string, badArgumentCode: number): StaffRequest | HttpResponse {
  const refuse = (status: number, errMsg: string) => jsonResponse(status, { errCode: ErrCode.CALLER_NOT_ADMIN, errMsg });
  if ((event.httpMethod ?? '').toUpperCase() !== 'POST') {
    return jsonResponse(405, { errCode: badArgumentCode, errMsg: `method: use POST with a JSON body {action, …}; received ${event.httpMethod}` });
  }
  const token = bearerToken(header(event, 'authorization'));
  if (!token) return refuse(401, 'send the header Authorization: Bearer <token> (a token of WXACODE_HTTP_TOKENS)');
  if (tokens.length === 0) return refuse(403, `no tokens are configured: set ${TOKENS_VARIABLE} on ${functionName}`);
  const number = tokenNumber(token, tokens);
  if (number === 0) return refuse(403, `that token is not authorized: use one of ${TOKENS_VARIABLE}`);
  const raw = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body ?? '';
  try {
    return { body: JSON.parse(raw) as unknown, tokenNumber: number };
  } catch {
    return jsonResponse(400, { errCode: badArgumentCode, errMsg: 'body: is not JSON; send Content-Type: application/json and {"action": …}' });
  }
}

export function isHttpResponse(value: StaffRequest | HttpResponse): value is HttpResponse {
  return 'statusCode' in value;
}
