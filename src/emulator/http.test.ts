import { connect } from 'node:net';
import { startTestEmulator, type TestEmulator } from './testing/test-emulator';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator({});
});
afterAll(() => emu.dispose());

/**
 * Sends `head` and `bodyBytes` bytes of body, then a second request on the same connection, and collects what the
 * server says until it closes the connection or `patienceMs` pass (well below the 65 s keep-alive that used to hold it).
 */
function oversizedThenNext(head: string, body: Buffer, chunked: boolean, patienceMs = 15_000): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(emu.port, '127.0.0.1');
    let text = '';
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ text, closed });
    };
    const timer = setTimeout(() => done(false), patienceMs);
    socket.on('data', (d) => (text += d.toString('latin1')));
    socket.on('close', () => done(true));
    socket.on('error', () => undefined);
    socket.write(head);
    if (chunked) socket.write(`${body.length.toString(16)}\r\n`), socket.write(body), socket.write('\r\n0\r\n\r\n');
    else socket.write(body);
    socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${emu.port}\r\n\r\n`);
  });
}

describe('a refused oversized body', () => {
  const host = () => `Host: 127.0.0.1:${emu.port}\r\n`;
  it.each([
    ['POST /callFunction (declared length)', 'POST /callFunction', 'application/json', 5 * 1024 * 1024 + 10, false],
    ['POST /callFunction (chunked)', 'POST /callFunction', 'application/json', 5 * 1024 * 1024 + 10, true],
    ['PUT /_emulator/faults', 'PUT /_emulator/faults', 'application/json', 64 * 1024 + 10, false],
    ['POST /admin', 'POST /admin', 'application/json', 20 * 1024 * 1024 + 10, false],
  ])('%s is answered with Connection: close, and the connection closes', async (_name, requestLine, type, size, chunked) => {
    const framing = chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${size}\r\n`;
    const { text, closed } = await oversizedThenNext(`${requestLine} HTTP/1.1\r\n${host()}Content-Type: ${type}\r\n${framing}\r\n`, Buffer.alloc(size, 'a'), chunked);
    expect(text).toMatch(/^HTTP\/1\.1 [24]\d\d /);
    expect(text.toLowerCase()).toContain('connection: close');
    expect(text).toMatch(/larger than \d+ bytes/);
    expect(closed).toBe(true);
  });
});

describe('a multipart /admin body', () => {
  // parts each under the per-part limit, adding up to more than the whole body may hold
  const boundary = 'fuzzboundary';
  const part = (name: string, bytes: number) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      Buffer.alloc(bytes, 1),
      Buffer.from('\r\n'),
    ]);
  const body = Buffer.concat([part('a', 12 * 1024 * 1024), part('b', 12 * 1024 * 1024), Buffer.from(`--${boundary}--\r\n`)]);
  it.each([false, true])('is refused past its total limit (chunked: %s), and the connection closes', async (chunked) => {
    const framing = chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${body.length}\r\n`;
    const head = `POST /admin HTTP/1.1\r\nHost: 127.0.0.1:${emu.port}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\n${framing}\r\n`;
    const { text, closed } = await oversizedThenNext(head, body, chunked);
    expect(text).toContain('multipart request body is larger than 20971520 bytes');
    expect(text.toLowerCase()).toContain('connection: close');
    expect(closed).toBe(true);
  });
});
