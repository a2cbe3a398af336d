import { blockedConnections, startTestEmulator, type TestEmulator } from '../testing/test-emulator';
import type { Activity } from './activity-log';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.dispose());
afterEach(() => expect(blockedConnections(emu.functionLogs)).toEqual([]));

const activity = async (): Promise<Activity[]> => ((await (await fetch(`${emu.url}/_emulator/activity`)).json()) as { activity: Activity[] }).activity;

/** Reads a server-sent-event stream until `done` says the text so far is enough (or the stream ends). */
async function readEvents(url: string, afterConnect: () => Promise<unknown>, done: (text: string) => boolean): Promise<string> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const first = await reader.read();
  text += decoder.decode(first.value);
  await afterConnect();
  while (!done(text)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    text += decoder.decode(value, { stream: true });
  }
  controller.abort();
  return text;
}

describe('GET /_emulator/activity and /_emulator/events', () => {
  it('records a function invocation with its caller, event, errCode and duration', async () => {
    await emu.callFunction('echo', { scene: 'a=1' }, 'oActivityUser');
    const [record] = (await activity()).filter((a) => a.function === 'echo');
    expect(record).toMatchObject({ kind: 'function', openid: 'oActivityUser', source: 'wx_client', status: 'ok', event: { scene: 'a=1' } });
    expect(record.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('records a function that threw as cloud.callFunction reports it (-504002), and an unknown one (-501000)', async () => {
    await emu.callFunction('throws', { why: 'x' });
    await emu.callFunction('ghost', {});
    const log = await activity();
    expect(log.find((a) => a.function === 'throws')).toMatchObject({ status: 'failed', errCode: -504002, errMsg: expect.stringContaining('boom: x') });
    expect(log.find((a) => a.function === 'ghost')).toMatchObject({ status: 'not-found', errCode: -501000 });
  });

  it('records WeChat calls with what WeChat received and its errcode', async () => {
    await emu.sdk('getUnlimited', { params: { scene: 'a=2', page: 'pages/index/index' } });
    await emu.sdk('createQRCode', { params: { path: 'pages/x', force_errcode: 45029 } });
    const wechat = (await activity()).filter((a) => a.kind === 'wechat');
    expect(wechat).toEqual([
      expect.objectContaining({ function: 'wxacode.getUnlimited', via: 'cloud', errCode: 0, params: expect.objectContaining({ scene: 'a=2' }) }),
      expect.objectContaining({ function: 'wxacode.createQRCode', errCode: 45029 }),
    ]);
    // the function call that made them is there too, as a trusted-less mini program call
    expect((await activity()).filter((a) => a.function === 'sdk')).toHaveLength(2);
  });

  it('streams what happened before the client connected, then each new call as it happens', async () => {
    const before = await activity();
    const text = await readEvents(
      `${emu.url}/_emulator/events`,
      () => emu.callFunction('echo', { live: 'sse-marker' }, 'oLiveUser'),
      (so_far) => so_far.includes('sse-marker'),
    );
    const events = text
      .split('\n\n')
      .filter((block) => block.includes('event: activity'))
      .map((block) => JSON.parse(block.split('\n').find((line) => line.startsWith('data: '))!.slice(6)) as Activity);
    expect(events.slice(0, before.length).map((a) => a.id)).toEqual(before.map((a) => a.id));
    expect(events.find((a) => a.kind === 'function' && JSON.stringify(a.event).includes('sse-marker'))).toMatchObject({ openid: 'oLiveUser' });
  });

  it('resumes after Last-Event-ID without repeating, and reset empties the log', async () => {
    const all = await activity();
    const lastId = all[all.length - 1].id;
    const text = await readEvents(`${emu.url}/_emulator/events?after=${lastId}`, () => emu.callFunction('echo', { resumed: true }), (t) => t.includes('resumed'));
    expect(text).not.toContain(`id: ${lastId}\n`);
    await fetch(`${emu.url}/_emulator/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(await activity()).toEqual([]);
  });
});
