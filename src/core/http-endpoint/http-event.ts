/** What CloudBase's HTTP access service hands a function, and what it expects back (integration response). */
export interface HttpEvent {
  path?: string;
  httpMethod?: string;
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
}

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

export function jsonResponse(statusCode: number, body: unknown): HttpResponse {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body), isBase64Encoded: false };
}

/** Header names arrive in any case depending on the gateway; look them up case-insensitively. */
export function header(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const headers: unknown = event.headers;
  if (headers === null || typeof headers !== 'object') return undefined;
  // a value that is not a string (a gateway's array, a forged number) is no header value at all
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted && typeof value === 'string') return value;
  return undefined;
}
