import fc from 'fast-check';
import { MemorySceneStore } from '../../adapters/memory/scene-store';
import { WXACODE_APIS } from '../params/types';
import { memoryService } from '../testing/memory-service';
import { handleCodeEvent } from './handle-code-event';
import { precheckCodeEvent } from './precheck-code-event';

const KEYS = ['path', 'scene', 'sceneData', 'ttlSeconds', 'sceneMode', 'page', 'width', 'autoColor', 'lineColor', 'isHyaline', 'envVersion', 'checkPath', 'output', 'cache', 'is_hyaline'];
const value = fc.oneof(
  fc.constantFrom('pages/index/index', '/pages/index/index', 'a=1', 'id=50%', '码', '', 'x'.repeat(40), 'stored', 'auto', 'base64', 'file', 'trial'),
  fc.constantFrom(430, 279, 1281, 3600, 0, -1, 1.5, true, false, null, 'false'),
  fc.constantFrom({ r: 0, g: 0, b: 0 }, { r: '255', g: '0', b: '0' }, { r: -1 }, { id: 42 }, { name: '张三', note: 'x'.repeat(60) }, { 'bad key': 1 }, { nested: { a: 1 } }),
  fc.dictionary(fc.constantFrom('id', 'from', 'n'), fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.boolean()), { maxKeys: 3 }),
);
const event = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 });

describe.each(WXACODE_APIS)('precheckCodeEvent(%s) says what the function says', (api) => {
  test('the same errCode and errMsg for every refused event; ok exactly when the function delivers', async () => {
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        const { service } = memoryService();
        const delivered = await handleCodeEvent(api, e, service, { scenes: new MemorySceneStore() });
        const pre = precheckCodeEvent(api, e);
        if (delivered.errCode === 0) expect(pre.ok).toBe(true);
        else expect(pre).toEqual({ ok: false, errCode: delivered.errCode, errMsg: delivered.errMsg });
      }),
      { numRuns: 1500 },
    );
  });
});

test('an inline sceneData gives the scene the function sends; a long one is left for the store', async () => {
  const short = precheckCodeEvent('wxacode.getUnlimited', { sceneData: { id: 42 } });
  const { service } = memoryService();
  const delivered = await handleCodeEvent('wxacode.getUnlimited', { sceneData: { id: 42 } }, service, { scenes: new MemorySceneStore() });
  expect(short.ok && short.scene?.inline).toBe((delivered as { scene: string }).scene);
  const long = precheckCodeEvent('wxacode.getUnlimited', { sceneData: { note: '一段放不进三十二个字符的中文说明文字' } });
  expect(long.ok && long.scene?.inline).toBeNull();
});
