import fc from 'fast-check';
import { MemorySceneStore } from '../../adapters/memory/scene-store';
import { SCENE_CHARS, SCENE_MAX_LENGTH, isInlineFieldName, isSceneString, parseScene, validateSceneData, type SceneData } from './codec';
import { prepareScene } from './prepare-scene';
import { resolveScene } from './resolve-scene';

const SECRET = 'property-test-secret-of-32-chars!';
const RESERVED = [...SCENE_CHARS.slice(62), '%', ' ', '&=', '!t', '~', '!1', '@'];

const fieldName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,9}$/).filter((n) => n !== '__proto__');
/** any field name a team may use: any code point, Chinese, emoji, spaces, separators, dots and dollars */
const anyFieldName = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 8 }),
    fc.string({ unit: fc.constantFrom('中', '文', '键', '🙂', '👍🏽', ' ', '.', '$', '&', '=', '%', '@', '!', '~', 'a', '1'), minLength: 1, maxLength: 5 }),
    fieldName,
  )
  .filter((n) => n !== '__proto__');
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }), // any code point: Chinese, emoji, controls
  fc.string({ unit: fc.constantFrom(...'张三李四中文', '😀', '👍🏽', ...RESERVED), maxLength: 6 }),
  fc.string({ unit: fc.constantFrom(...SCENE_CHARS), maxLength: 10 }),
  fc.constant(''),
);
const value = fc.oneof(text, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.boolean());
const shortName = fc.stringMatching(/^[a-z][a-z0-9]{0,2}$/);
// small payloads weighted in so inline scenes with Chinese, emoji and escapes are common, not rare
const sceneData = fc.oneof(
  fc.dictionary(shortName, fc.oneof(fc.string({ unit: fc.constantFrom('中', '文', '😀', ...RESERVED), maxLength: 3 }), value), { minKeys: 1, maxKeys: 2 }),
  fc.dictionary(fieldName, value, { minKeys: 1, maxKeys: 6 }),
  fc.dictionary(anyFieldName, value, { minKeys: 1, maxKeys: 4 }),
);

/** What WeChat does with a scene on the way to a page: URL-encodes it into query.scene. */
function asPageReceivesIt(scene: string): string {
  return encodeURIComponent(scene);
}

describe('scene round trip (property)', () => {
  it('every payload that fits comes back exactly, inline and stored, the way WeChat hands it to a page', async () => {
    const store = new MemorySceneStore();
    await fc.assert(
      fc.asyncProperty(sceneData, fc.constantFrom<'auto' | 'stored'>('auto', 'stored'), async (data, sceneModeOption) => {
        const expected = validateSceneData(data);
        const { scene, sceneMode } = await prepareScene(data, store, { secret: SECRET, sceneMode: sceneModeOption });
        const query = { scene: asPageReceivesIt(scene) };

        expect(await resolveScene(decodeURIComponent(query.scene), store)).toEqual(expected);
        expect(await resolveScene(query.scene, store)).toEqual(expected);
        expect(scene.length).toBeLessThanOrEqual(SCENE_MAX_LENGTH);
        expect(isSceneString(scene)).toBe(true);
        // a name the inline form cannot carry sends the data to the stored form rather than refusing it
        if (!Object.keys(expected).every(isInlineFieldName)) expect(sceneMode).toBe('stored');
        if (sceneMode === 'inline') {
          // the page decodes inline scenes itself, no cloud call
          expect(parseScene(decodeURIComponent(query.scene))).toEqual({ form: 'inline', scene, data: expected });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('puts a scene inline exactly when it fits, and equal data always gets the same scene', async () => {
    await fc.assert(
      fc.asyncProperty(sceneData, async (data) => {
        const store = new MemorySceneStore();
        const first = await prepareScene(data, store, { secret: SECRET });
        const second = await prepareScene({ ...data }, store, { secret: SECRET });
        expect(second.scene).toBe(first.scene);
        expect(store.size).toBe(first.sceneMode === 'stored' ? 1 : 0);
      }),
      { numRuns: 300 },
    );
  });
});
