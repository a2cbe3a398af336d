import { request, type IncomingHttpHeaders } from 'node:http';

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface HttpRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * One HTTP request on a fresh connection. The tests decode images synchronously in the process that also runs
 * the emulator; a block of a few seconds lets the server's keep-alive timer and fetch's pooled-socket reuse
 * race, and a request written to a socket the server is just closing fails with ECONNRESET. Without reuse
 * there is nothing to race.
 */
export function httpRequest(url: string, init: HttpRequestInit = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A JSON request (the body, when given, is sent as JSON) whose answer must be JSON, whatever its status. */
export async function httpJson(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown } = {},
): Promise<{ status: number; body: any }> {
  const headers = { ...init.headers, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) };
  const reply = await httpRequest(url, { method: init.method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  return { status: reply.status, body: parseJsonReply(`${init.method ?? 'GET'} ${url}`, reply) };
}

export function parseJsonReply(request: string, reply: HttpReply): any {
  const text = reply.body.toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${request} answered ${reply.status} with no JSON: ${text.slice(0, 200)}`);
  }
}
