/** What the HTTP access service sends back for one function result. */
export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface IntegrationResponse {
  statusCode: number;
  headers?: Record<string, unknown>;
  body?: unknown;
  isBase64Encoded?: boolean;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';

/** A return value is taken as an integration response only when it says so with a numeric statusCode. */
function isIntegrationResponse(result: unknown): result is IntegrationResponse {
  return (
    typeof result === 'object' &&
    result !== null &&
    !Array.isArray(result) &&
    typeof (result as { statusCode?: unknown }).statusCode === 'number'
  );
}

/**
 * The service's documented mapping: a string or number is sent as text/plain, any other value as JSON,
 * both with 200; an integration response `{statusCode, headers, body, isBase64Encoded}` is sent as it says.
 */
export function toHttpReply(result: unknown): HttpReply {
  if (isIntegrationResponse(result)) return fromIntegrationResponse(result);
  if (typeof result === 'string' || typeof result === 'number') {
    return { status: 200, headers: { 'content-type': TEXT_TYPE }, body: Buffer.from(String(result)) };
  }
  // undefined has no JSON form; the function returned nothing, so the body is empty
  if (result === undefined) return { status: 200, headers: {}, body: Buffer.alloc(0) };
  return { status: 200, headers: { 'content-type': JSON_TYPE }, body: Buffer.from(JSON.stringify(result)) };
}

function fromIntegrationResponse(response: IntegrationResponse): HttpReply {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
  }
  const raw = response.body;
  const text = raw === undefined || raw === null ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw);
  const body = response.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  if (!headers['content-type'] && body.length > 0) headers['content-type'] = typeof raw === 'string' ? TEXT_TYPE : JSON_TYPE;
  const status = Number.isInteger(response.statusCode) && response.statusCode >= 100 && response.statusCode <= 599 ? response.statusCode : 502;
  return { status, headers, body };
}
