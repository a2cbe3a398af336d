import { MemoryRateCounter } from '../../adapters/memory/rate-counter';
import { MemorySceneStore } from '../../adapters/memory/scene-store';
import type { FileDelivered } from '../delivery/results';
import { ErrCode } from '../errors';
import { CallerGuard } from '../policy/caller-guard';
import { DEFAULT_POLICY } from '../policy/policy';
import { handleResolveScene } from '../scene/scene-events';
import { memoryService } from '../testing/memory-service';
import { handleCodeEvent, type SceneDelivered } from './handle-code-event';

function setup(limit = 30) {
  const memory = memoryService();
  const scenes = new MemorySceneStore();
  const counter = new MemoryRateCounter();
  const guard = new CallerGuard({ ...DEFAULT_POLICY, allowedPages: '*', newCodesPerOpenid: { limit, windowSeconds: 3600 } }, () => ({ openid: 'oUser' }), counter);
  const call = (event: unknown) => handleCodeEvent('wxacode.getUnlimited', event, memory.service, { guard, scenes });
  return { ...memory, scenes, counter, call };
}

test('small sceneData goes inline: the scene WeChat gets decodes back to the data, nothing is stored', async () => {
  const { call, generator, scenes } = setup();
  const result = (await call({ sceneData: { id: 42, ok: true } })) as SceneDelivered;
  expect(result).toMatchObject({ errCode: 0, sceneMode: 'inline', cached: false });
  expect(generator.calls[0].params).toMatchObject({ scene: result.scene });
  expect(result.scene.length).toBeLessThanOrEqual(32);
  expect(scenes.size).toBe(0);
  expect(await handleResolveScene({ scene: encodeURIComponent(result.scene) }, scenes)).toEqual({ errCode: 0, errMsg: 'ok', data: { id: 42, ok: true } });
});

test('large or non-ASCII sceneData is stored under a key; equal data is the same code, served from the cache', async () => {
  const { call, generator, scenes } = setup();
  const sceneData = { product: 'SKU-2026-000123', referrer: '王小明', channel: 'poster-spring', note: '限时🎉' };
  const first = (await call({ sceneData })) as SceneDelivered & FileDelivered;
  const second = (await call({ sceneData: { ...sceneData } })) as SceneDelivered & FileDelivered;
  expect(first).toMatchObject({ errCode: 0, sceneMode: 'stored', cached: false });
  expect(second).toMatchObject({ errCode: 0, sceneMode: 'stored', cached: true, scene: first.scene, fileID: first.fileID });
  expect(generator.calls).toHaveLength(1);
  expect(await handleResolveScene({ scene: first.scene }, scenes)).toEqual({ errCode: 0, errMsg: 'ok', data: sceneData });
});

test('an event refused for another field stores no payload and calls no WeChat', async () => {
  const { call, generator, scenes } = setup();
  const result = await call({ sceneData: { text: 'x'.repeat(200) }, width: 5000 });
  expect(result.errCode).toBe(ErrCode.INVALID_ARGS);
  expect(result.errMsg).toMatch(/^width:/);
  expect(scenes.size).toBe(0);
  expect(generator.calls).toHaveLength(0);
});

test.each([
  [{ scene: 'a=1', sceneData: { a: 1 } }, /^scene, sceneData: pass one, not both/],
  [{ scene: 'a=1', ttlSeconds: 60 }, /^ttlSeconds: only applies with sceneData/],
  [{ sceneData: { nested: { no: 1 } } }, /sceneData\.nested/],
  [{ sceneData: 'id=1' }, /^sceneData/],
])('%j is refused with a message naming the field', async (event, message) => {
  const { call, generator } = setup();
  const result = await call(event);
  expect(result.errCode).not.toBe(0);
  expect(result.errMsg).toMatch(message);
  expect(generator.calls).toHaveLength(0);
});

test('a new stored payload and its new code count once against the per-user rate', async () => {
  const { call, counter } = setup(1);
  expect((await call({ sceneData: { long: 'y'.repeat(60) } })).errCode).toBe(0);
  expect([...counter.counts.values()]).toEqual([1]);
  const limited = await call({ sceneData: { long: 'z'.repeat(60) } });
  expect(limited.errCode).toBe(ErrCode.CALLER_RATE_LIMITED);
});

test('a rate-limited user cannot fill the scene collection', async () => {
  const { call, scenes } = setup(1);
  await call({ sceneData: { long: 'a'.repeat(60) } });
  const afterFirst = scenes.size; // the payload, and the scene secret kept beside it
  for (const c of 'bcdef') expect((await call({ sceneData: { long: c.repeat(60) } })).errCode).toBe(ErrCode.CALLER_RATE_LIMITED);
  expect(scenes.size).toBe(afterFirst);
});
