import { request } from 'node:http';

export interface HttpReply {
  status: number;
  body: Buffer;
}

/**
 * One HTTP request on a fresh connection. The tests decode images synchronously in the process that also runs
 * the emulator; a block of a few seconds lets the server's keep-alive timer (5 s) and fetch's pooled-socket
 * reuse race, and a request written to a socket the server is just closing fails with ECONNRESET. Without
 * reuse there is nothing to race.
 */
export function httpRequest(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

export async function httpJson(url: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}): Promise<{ status: number; body: any }> {
  const headers = { ...init.headers, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) };
  const reply = await httpRequest(url, { method: init.method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = reply.body.toString('utf8');
  try {
    return { status: reply.status, body: JSON.parse(text) };
  } catch {
    throw new Error(`${init.method ?? 'GET'} ${url} answered ${reply.status} with no JSON: ${text.slice(0, 200)}`);
  }
}
