import { SCENE_MAX_LENGTH, isSceneString } from './alphabet';
import { SceneErrCode } from './errors';
import { encodeInline as encodeInlineOrNull, isInlineFieldName } from './inline';
import { encodeInlineIfFits } from './fit';
import { parseScene } from './parse-scene';
import type { SceneData } from './scene-data';
import { errorOf } from '../testing/error-of';

function encodeInline(data: SceneData): string {
  const scene = encodeInlineOrNull(data);
  if (scene === null) throw new Error(`expected ${JSON.stringify(data)} to be carried inline`);
  return scene;
}

function inlineData(scene: unknown): SceneData {
  const parsed = parseScene(scene);
  if (parsed.form !== 'inline') throw new Error(`expected inline, got ${parsed.form}`);
  return parsed.data;
}

describe('inline scenes', () => {
  it('writes strings as they are and keeps numbers and booleans apart from strings', () => {
    expect(encodeInline({ id: '1' })).toBe('id=1');
    expect(encodeInline({ id: 1 })).toBe('id=!1');
    expect(encodeInline({ on: true, off: false })).toBe('off=!f&on=!t');
    expect(inlineData(encodeInline({ id: 1 }))).toEqual({ id: 1 });
    expect(inlineData(encodeInline({ id: '1' }))).toEqual({ id: '1' });
    expect(inlineData(encodeInline({ on: true }))).toEqual({ on: true });
    expect(inlineData(encodeInline({ on: 'true' }))).toEqual({ on: 'true' });
  });

  it('writes fields in name order, so equal data gives the same scene', () => {
    expect(encodeInline({ b: 2, a: 1 })).toBe(encodeInline({ a: 1, b: 2 }));
  });

  it.each([
    ['Chinese', { n: '张三' }],
    ['emoji', { e: '😀' }],
    ['an empty string', { s: '' }],
    ['separators inside a value', { q: 'a=b&c' }],
    ['a value starting with a marker', { t: '!t', u: '~x' }],
    ['a percent sign', { p: '100%' }],
    ['a space', { s: 'a b' }],
    ['exponent numbers', { big: 1e21, small: -5e-7 }],
  ])('round-trips %s using only scene characters', (_label, data) => {
    const scene = encodeInline(data as SceneData);
    expect(isSceneString(scene)).toBe(true);
    expect(scene).not.toContain('%');
    expect(inlineData(scene)).toEqual(data);
    expect(inlineData(encodeURIComponent(scene))).toEqual(data);
  });

  it.each([
    ['Chinese', { 中文键: '值' }],
    ['a space', { 'a b': 1 }],
    ['an emoji', { '🙂': true }],
    ['a separator', { 'a=b': 1 }],
    ['a percent sign', { '100%': 1 }],
  ])('leaves a field name with %s to the stored form: no inline scene, however short', (_label, data) => {
    expect(Object.keys(data).every(isInlineFieldName)).toBe(false);
    expect(encodeInlineOrNull(data)).toBeNull();
    expect(encodeInlineIfFits(data)).toBeNull();
  });

  it('carries names of scene characters other than & and = inline', () => {
    expect(isInlineFieldName("a-b_c.d~e!f*g'h(i)j@k:l/m,n;o$p+q?r#s")).toBe(true);
    expect(inlineData(encodeInline({ 'a.b': 1, $x: 'y' }))).toEqual({ 'a.b': 1, $x: 'y' });
  });

  it('keeps short Chinese inline: a name of four characters fits with room to spare', () => {
    expect(encodeInline({ name: '欧阳娜娜' }).length).toBeLessThanOrEqual(SCENE_MAX_LENGTH);
  });
});

describe('parseScene', () => {
  it('accepts the scene as a page gets it in query.scene and as decodeURIComponent gives it', () => {
    const scene = encodeInline({ id: 42, from: 'poster' });
    expect(inlineData(encodeURIComponent(scene))).toEqual({ id: 42, from: 'poster' });
    expect(inlineData(scene)).toEqual({ id: 42, from: 'poster' });
  });

  it('recognises a stored key, encoded or not', () => {
    const key = '@AbCdEfGhIjKlMnOpQrSt-_';
    expect(parseScene(key)).toEqual({ form: 'stored', scene: key, key });
    expect(parseScene(encodeURIComponent(key))).toEqual({ form: 'stored', scene: key, key });
  });

  it('reads a legacy scene that is not ours as strings', () => {
    expect(inlineData('a=1&b=2')).toEqual({ a: '1', b: '2' });
    expect(inlineData('a=1&flag')).toEqual({ a: '1', flag: '' });
    expect(inlineData('x=a=b')).toEqual({ x: 'a=b' });
  });

  it('returns a bare legacy scene such as an order number under "scene"', () => {
    expect(inlineData('20240101123')).toEqual({ scene: '20240101123' });
  });

  it.each([
    [undefined, 'scene: must be a string; received nothing (undefined)'],
    ['', 'scene: is empty'],
    ['%E0%A4%A', 'scene: is not valid URL encoding'],
    ['@short', 'like a stored key'],
    ['a=1&a=2', 'field "a" appears more than once'],
    ['=1', 'no field name'],
    ['__proto__=1', '__proto__'],
    ['n=!abc', 'scene.n: "!abc" is not a valid !t, !f or !<number> value'],
    ['n=~0zz', 'scene.n: "~0zz" is not a valid ~<base-80 UTF-8> value'],
    ['x'.repeat(300), 'must be at most 256 characters'],
  ])('rejects %p as malformed, saying why and what to do', (scene, why) => {
    const error = errorOf(() => parseScene(scene));
    expect(error.errCode).toBe(SceneErrCode.SCENE_MALFORMED);
    expect(error.errMsg).toContain(why);
    expect(error.errMsg).toContain('wxacodeGetUnlimited');
  });
});
