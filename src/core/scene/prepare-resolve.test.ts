import { MemorySceneStore } from '../../adapters/memory/scene-store';
import { ErrCode, WxacodeError } from '../errors';
import { isSceneString } from './codec';
import { prepareScene } from './prepare-scene';
import { resolveScene } from './resolve-scene';
import { SCENE_SECRET_ENV, SCENE_SECRET_STORE_KEY, loadSceneSecret } from './scene-secret';
import { deriveStoredKey } from './stored-key-generator';

const SECRET = 's'.repeat(32);
const LONG = { title: '一个很长的标题，超过了三十二个字符的限制', orderId: 10086, vip: true };

async function rejection(promise: Promise<unknown>): Promise<WxacodeError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(WxacodeError);
    return error as WxacodeError;
  }
  throw new Error('expected a rejection');
}

describe('prepareScene', () => {
  it('keeps data that fits inline in the scene and stores nothing', async () => {
    const store = new MemorySceneStore();
    await expect(prepareScene({ id: 42 }, store, { secret: SECRET })).resolves.toEqual({ scene: 'id=!42', sceneMode: 'inline' });
    expect(store.size).toBe(0);
  });

  it('stores data that does not fit under an @ key of 23 scene characters', async () => {
    const store = new MemorySceneStore();
    const prepared = await prepareScene(LONG, store, { secret: SECRET });
    expect(prepared.sceneMode).toBe('stored');
    expect(prepared.scene).toMatch(/^@[A-Za-z0-9_-]{22}$/);
    expect(isSceneString(prepared.scene)).toBe(true);
    await expect(resolveScene(encodeURIComponent(prepared.scene), store)).resolves.toEqual(LONG);
  });

  it('gives equal data the same stored scene, whatever the field order, and different data another', async () => {
    const store = new MemorySceneStore();
    const first = await prepareScene(LONG, store, { secret: SECRET });
    const reordered = await prepareScene({ vip: true, orderId: 10086, title: LONG.title }, store, { secret: SECRET });
    const other = await prepareScene({ ...LONG, orderId: '10086' }, store, { secret: SECRET });
    expect(reordered.scene).toBe(first.scene);
    expect(other.scene).not.toBe(first.scene);
    expect(store.size).toBe(2);
  });

  it('derives keys a person without the secret cannot compute from the data', () => {
    expect(deriveStoredKey(LONG, SECRET)).not.toBe(deriveStoredKey(LONG, 't'.repeat(32)));
  });

  it('stores even short data when asked, to keep it out of the printed code', async () => {
    const store = new MemorySceneStore();
    const prepared = await prepareScene({ id: 42 }, store, { secret: SECRET, sceneMode: 'stored' });
    expect(prepared.sceneMode).toBe('stored');
    await expect(resolveScene(prepared.scene, store)).resolves.toEqual({ id: 42 });
  });

  it('expires a stored payload after ttlSeconds', async () => {
    const store = new MemorySceneStore();
    const now = Date.parse('2025-01-01T00:00:00Z');
    const prepared = await prepareScene(LONG, store, { secret: SECRET, ttlSeconds: 60, now });
    expect(prepared.expiresAt?.toISOString()).toBe('2025-01-01T00:01:00.000Z');
    await expect(resolveScene(prepared.scene, store, { now: now + 59_000 })).resolves.toEqual(LONG);
    const error = await rejection(resolveScene(prepared.scene, store, { now: now + 60_000 }));
    expect(error.errCode).toBe(ErrCode.SCENE_KEY_EXPIRED);
    expect(error.errMsg).toContain('expired at 2025-01-01T00:01:00.000Z');
  });

  it('never shortens the life of a payload already printed when the same data is prepared again', async () => {
    const store = new MemorySceneStore();
    const now = Date.parse('2025-01-01T00:00:00Z');
    const forever = await prepareScene(LONG, store, { secret: SECRET, now });
    const again = await prepareScene(LONG, store, { secret: SECRET, ttlSeconds: 60, now });
    expect(again).toEqual(forever);
    await expect(resolveScene(forever.scene, store, { now: now + 3600_000 })).resolves.toEqual(LONG);

    const hour = await prepareScene({ ...LONG, vip: false }, store, { secret: SECRET, ttlSeconds: 3600, now });
    const minute = await prepareScene({ ...LONG, vip: false }, store, { secret: SECRET, ttlSeconds: 60, now });
    expect(minute.expiresAt).toEqual(hour.expiresAt);
  });

  it.each([
    [{ ttlSeconds: 0 }, 'ttlSeconds: must be a whole number of seconds from 1'],
    [{ ttlSeconds: 1.5 }, 'received number 1.5'],
    [{ sceneMode: 'always' as never }, 'sceneMode: must be "auto" or "stored"'],
  ])('rejects option %p', async (options, message) => {
    const error = await rejection(prepareScene(LONG, new MemorySceneStore(), { secret: SECRET, ...options }));
    expect(error.errCode).toBe(ErrCode.INVALID_ARGS);
    expect(error.errMsg).toContain(message);
  });

  it('rejects bad sceneData as a WxacodeError naming the field', async () => {
    const error = await rejection(prepareScene({ user: { id: 1 } }, new MemorySceneStore(), { secret: SECRET }));
    expect(error.errCode).toBe(ErrCode.INVALID_ARGS);
    expect(error.errMsg).toContain('sceneData.user: must be a string, a number or a boolean');
  });
});

describe('resolveScene', () => {
  it('reports an unknown key as SCENE_KEY_NOT_FOUND', async () => {
    const error = await rejection(resolveScene('@AAAAAAAAAAAAAAAAAAAAAA', new MemorySceneStore()));
    expect(error.errCode).toBe(ErrCode.SCENE_KEY_NOT_FOUND);
    expect(error.errMsg).toContain('no data is stored for @AAAAAAAAAAAAAAAAAAAAAA');
  });

  it('reports a damaged scene as SCENE_MALFORMED', async () => {
    const error = await rejection(resolveScene('n=!x', new MemorySceneStore()));
    expect(error.errCode).toBe(ErrCode.SCENE_MALFORMED);
  });

  it('reports a damaged stored record as SCENE_MALFORMED rather than handing it to the page', async () => {
    const store = new MemorySceneStore();
    const key = '@BBBBBBBBBBBBBBBBBBBBBB';
    await store.put(key, { nested: { a: 1 } as never });
    const error = await rejection(resolveScene(key, store));
    expect(error.errCode).toBe(ErrCode.SCENE_MALFORMED);
    expect(error.errMsg).toContain('nested');
  });

  it('resolves legacy scenes without a store lookup', async () => {
    await expect(resolveScene('a=1&b=2', new MemorySceneStore())).resolves.toEqual({ a: '1', b: '2' });
  });

  it('never resolves the kept secret', async () => {
    const store = new MemorySceneStore();
    await loadSceneSecret(store, {});
    await expect(resolveScene(SCENE_SECRET_STORE_KEY, store)).resolves.toEqual({ scene: SCENE_SECRET_STORE_KEY });
  });
});

describe('loadSceneSecret', () => {
  it('uses the environment variable when set', async () => {
    const store = new MemorySceneStore();
    await expect(loadSceneSecret(store, { [SCENE_SECRET_ENV]: SECRET })).resolves.toBe(SECRET);
    expect(store.size).toBe(0);
  });

  it('refuses a short secret, saying how to make one', async () => {
    const error = await rejection(loadSceneSecret(new MemorySceneStore(), { [SCENE_SECRET_ENV]: 'short' }));
    expect(error.errMsg).toContain('WXACODE_SCENE_SECRET: must be at least 32 characters; received 5');
  });

  it('creates one secret on first use and keeps it, so keys stay the same across instances', async () => {
    const store = new MemorySceneStore();
    const first = await loadSceneSecret(store, {});
    expect(first.length).toBeGreaterThanOrEqual(32);
    await expect(loadSceneSecret(store, {})).resolves.toBe(first);
    const a = await prepareScene(LONG, store);
    const b = await prepareScene(LONG, store);
    expect(a.scene).toBe(b.scene);
  });
});
