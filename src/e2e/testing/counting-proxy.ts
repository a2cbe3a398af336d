import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback proxy between the function processes and the emulator's CloudBase endpoint that counts what the real
 * SDK sends, by action, independently of the emulator's own bookkeeping. Object transfers (COS PUT/GET) go to the
 * URLs the emulator hands out, not through here; tests count those from the files stored.
 */
export interface CountingProxy {
  /** put this in front of the emulator: the admin URL function processes are given */
  adminUrl: string;
  /** where requests go; set once the emulator is up */
  target(adminUrl: string): void;
  /** the actions seen since the last take(), then starts afresh */
  take(): Record<string, number>;
  /** when each request of the last take() window arrived (epoch ms), oldest first */
  times(): number[];
  total(counts: Record<string, number>): number;
  close(): Promise<void>;
}

/** The `action` of one admin request: a JSON body's field, or the multipart field wx.openApi sends. */
export function actionOfBody(contentType: string, body: Buffer): string {
  const text = body.toString('latin1');
  if (contentType.includes('json')) {
    try {
      const action = (JSON.parse(body.toString('utf8')) as { action?: unknown }).action;
      if (typeof action === 'string') return action;
    } catch {
      // fall through to the multipart form
    }
  }
  const field = /name="action"\r\n(?:[^\r\n]+\r\n)*\r\n([^\r\n]+)/.exec(text);
  return field ? field[1] : '(unknown)';
}

export async function startCountingProxy(): Promise<CountingProxy> {
  let target: URL | undefined;
  let counts: Record<string, number> = {};
  let arrivals: number[] = [];
  const read = (req: IncomingMessage) =>
    new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await read(req);
      const action = actionOfBody(String(req.headers['content-type'] ?? ''), body);
      counts[action] = (counts[action] ?? 0) + 1;
      arrivals.push(Date.now());
      if (!target) throw new Error('counting proxy: no target yet');
      const forward = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: `${target.pathname}${req.url?.slice(req.url.indexOf('?')) ?? ''}`, headers: { ...req.headers, host: target.host } },
        (reply) => {
          res.writeHead(reply.statusCode ?? 502, reply.headers);
          reply.pipe(res);
        },
      );
      forward.on('error', (error) => {
        res.writeHead(502);
        res.end(String(error));
      });
      forward.end(body);
    })().catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    adminUrl: `http://127.0.0.1:${port}/admin`,
    target: (adminUrl) => (target = new URL(adminUrl)),
    take() {
      const seen = counts;
      counts = {};
      arrivals = [];
      return seen;
    },
    times: () => [...arrivals],
    total: (c) => Object.values(c).reduce((a, b) => a + b, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
