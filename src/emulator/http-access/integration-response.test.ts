import { toHttpReply } from './integration-response';

describe('toHttpReply: a function result as the HTTP access service sends it', () => {
  it('an integration response is sent as it says, base64 bodies decoded', () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]);
    const reply = toHttpReply({ statusCode: 201, headers: { 'Content-Type': 'image/png', 'X-Id': 7 }, body: png.toString('base64'), isBase64Encoded: true });
    expect(reply).toEqual({ status: 201, headers: { 'content-type': 'image/png', 'x-id': '7' }, body: png });
  });

  it('an integration response with a text body keeps it as UTF-8', () => {
    const reply = toHttpReply({ statusCode: 403, headers: { 'content-type': 'application/json' }, body: '{"code":1002}', isBase64Encoded: false });
    expect(reply.status).toBe(403);
    expect(JSON.parse(reply.body.toString('utf8'))).toEqual({ code: 1002 });
  });

  it('a plain object is JSON with 200, even one with a non-numeric statusCode', () => {
    for (const result of [{ code: 0, data: 'x' }, { statusCode: '404' }, [1, 2]]) {
      const reply = toHttpReply(result);
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(reply.body.toString('utf8'))).toEqual(result);
    }
  });

  it('a string or number is text/plain with 200', () => {
    expect(toHttpReply('hello gateway')).toEqual({ status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from('hello gateway') });
    expect(toHttpReply(42).body.toString()).toBe('42');
  });

  it('a statusCode outside 100-599 is answered as a gateway error (502)', () => {
    expect(toHttpReply({ statusCode: 42, body: '' }).status).toBe(502);
  });
});
