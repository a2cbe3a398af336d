import { MemorySceneStore } from '../../adapters/memory/scene-store';
import { ErrCode } from '../errors';
import { handleResolveScene, sceneFromEvent } from './scene-events';

const SECRET = 'scene-events-test-secret-32-chars';
const LONG = { title: '一个很长的标题，超过了三十二个字符的限制', orderId: 10086 };

describe('sceneFromEvent (wxacodeGetUnlimited)', () => {
  it('leaves an event with a plain scene alone', async () => {
    await expect(sceneFromEvent({ scene: 'a=1' }, new MemorySceneStore())).resolves.toBeNull();
  });

  it('turns sceneData into the scene, inline or stored', async () => {
    const store = new MemorySceneStore();
    await expect(sceneFromEvent({ sceneData: { id: 42 } }, store, { secret: SECRET })).resolves.toEqual({ scene: 'id=!42', sceneMode: 'inline' });
    const stored = await sceneFromEvent({ sceneData: LONG, ttlSeconds: 60, sceneMode: 'auto' }, store, { secret: SECRET, now: 0 });
    expect(stored).toEqual({ scene: expect.stringMatching(/^@/), sceneMode: 'stored', expiresAt: new Date(60_000) });
  });

  it.each([
    [{ scene: 'a=1', sceneData: { a: 1 } }, 'scene, sceneData: pass one, not both'],
    [{ scene: 'a=1', ttlSeconds: 60 }, 'ttlSeconds: only applies with sceneData'],
    [{ scene: 'a=1', sceneMode: 'stored' }, 'sceneMode: only applies with sceneData'],
    [{ sceneData: 'id=1' }, 'sceneData: must be an object'],
  ])('rejects %p', async (event, message) => {
    await expect(sceneFromEvent(event, new MemorySceneStore(), { secret: SECRET })).rejects.toMatchObject({
      errCode: ErrCode.INVALID_ARGS,
      errMsg: expect.stringContaining(message),
    });
  });
});

describe('handleResolveScene (wxacodeResolveScene)', () => {
  it('replies with the data of a stored scene as the page sent it', async () => {
    const store = new MemorySceneStore();
    const prepared = await sceneFromEvent({ sceneData: LONG }, store, { secret: SECRET });
    await expect(handleResolveScene({ scene: encodeURIComponent(prepared?.scene ?? '') }, store)).resolves.toEqual({ errCode: 0, errMsg: 'ok', data: LONG });
  });

  it('replies with errCode and errMsg instead of throwing', async () => {
    const store = new MemorySceneStore();
    await expect(handleResolveScene({}, store)).resolves.toEqual({ errCode: ErrCode.INVALID_ARGS, errMsg: expect.stringContaining('scene: is required') });
    await expect(handleResolveScene(null, store)).resolves.toMatchObject({ errCode: ErrCode.INVALID_ARGS });
    await expect(handleResolveScene({ scene: '@QQQQQQQQQQQQQQQQQQQQQQ' }, store)).resolves.toMatchObject({ errCode: ErrCode.SCENE_KEY_NOT_FOUND });
    await expect(handleResolveScene({ scene: 42 }, store)).resolves.toMatchObject({ errCode: ErrCode.SCENE_MALFORMED });
  });

  it('passes a store failure on as its errCode and errMsg rather than crashing', async () => {
    const store = new MemorySceneStore();
    store.get = async () => {
      throw Object.assign(new Error('db down'), { errCode: -502001, errMsg: 'database request fail' });
    };
    await expect(handleResolveScene({ scene: '@QQQQQQQQQQQQQQQQQQQQQQ' }, store)).resolves.toEqual({ errCode: -502001, errMsg: 'database request fail' });
  });
});
