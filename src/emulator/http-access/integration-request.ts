import type { IncomingMessage } from 'node:http';

/**
 * The "integration request" CloudBase's HTTP access service (HTTP 访问服务, formerly 云接入) hands a function
 * for one HTTP request, as its docs describe it: path, httpMethod, headers, multiValueHeaders,
 * queryStringParameters, requestContext, body and isBase64Encoded.
 */
export interface IntegrationRequest {
  path: string;
  httpMethod: string;
  headers: Record<string, string>;
  multiValueHeaders: Record<string, string[]>;
  queryStringParameters: Record<string, string>;
  requestContext: { requestId: string; envId: string; appId: number; uin: number };
  body: string;
  isBase64Encoded: boolean;
}

export interface RequestContextSource {
  requestId: string;
  envId: string;
}

/**
 * The Tencent Cloud account numbers of requestContext. The emulator has no account, so it uses the
 * same stand-in its storage bucket names carry.
 */
const TENCENT_CLOUD_APPID = 1250000000;
const TENCENT_CLOUD_UIN = 100000000001;

/** Bodies the service passes as text; anything else is binary and arrives base64-encoded. */
const TEXT_CONTENT_TYPES = [/^text\//, /\/json\b/, /\+json\b/, /\/xml\b/, /\+xml\b/, /^application\/x-www-form-urlencoded\b/, /^application\/javascript\b/];

export function isTextContentType(contentType: string | undefined): boolean {
  // no content-type: curl -d and most scripts send text, and the function would choke on base64 it did not expect
  if (!contentType) return true;
  const type = contentType.toLowerCase().trim();
  return TEXT_CONTENT_TYPES.some((pattern) => pattern.test(type));
}

export function toIntegrationRequest(req: IncomingMessage, url: URL, rawBody: Buffer, context: RequestContextSource): IntegrationRequest {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  // rawHeaders keeps repeated headers apart; node's req.headers would already have merged or dropped them
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i].toLowerCase();
    const value = req.rawHeaders[i + 1];
    (multiValueHeaders[name] ??= []).push(value);
    headers[name] = multiValueHeaders[name].join(',');
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [key, value] of url.searchParams) queryStringParameters[key] = value;
  const text = isTextContentType(headers['content-type']);
  return {
    path: url.pathname,
    httpMethod: req.method ?? 'GET',
    headers,
    multiValueHeaders,
    queryStringParameters,
    requestContext: { requestId: context.requestId, envId: context.envId, appId: TENCENT_CLOUD_APPID, uin: TENCENT_CLOUD_UIN },
    body: text ? rawBody.toString('utf8') : rawBody.toString('base64'),
    isBase64Encoded: !text && rawBody.length > 0,
  };
}
