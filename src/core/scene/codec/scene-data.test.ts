import { SceneErrCode } from './errors';
import { SCENE_DATA_LIMITS, validateSceneData } from './scene-data';
import { errorOf } from '../testing/error-of';

describe('validateSceneData', () => {
  it('returns the data with fields in name order and -0 as 0', () => {
    const data = validateSceneData({ b: -0, a: 'x', c: true });
    expect(Object.keys(data)).toEqual(['a', 'b', 'c']);
    expect(Object.is(data.b, 0)).toBe(true);
  });

  it.each([
    [null, 'sceneData: must be an object of named strings, numbers and booleans; received null'],
    [['a'], 'received an array of 1'],
    [{}, 'sceneData: must have at least one field'],
    [{ user: { id: 1 } }, 'sceneData.user: must be a string, a number or a boolean; received an object. Nested objects and arrays are not carried'],
    // not "idsId": a list is one string the page splits
    [{ ids: [1, 2] }, 'sceneData.ids: must be a string, a number or a boolean; received an array of 2. Arrays are not carried: join the values into one string, e.g. {"ids": "1,2"}'],
    [{ a: null }, 'sceneData.a: must be a string, a number or a boolean; received null'],
    [{ a: undefined }, 'received nothing (undefined). Omit the field'],
    [{ n: Number.NaN }, 'sceneData.n: must be a finite number; received number NaN'],
    [{ n: Infinity }, 'sceneData.n: must be a finite number'],
    [{ '': 1 }, 'sceneData: field name "" must not be empty. Rename the field'],
    [{ ['键'.repeat(65)]: 1 }, 'must be at most 64 characters'],
    [{ ['a\uDC00']: 1 }, 'field name "a\\udc00" must be well-formed Unicode'],
    [JSON.parse('{"__proto__": 1}'), 'must not be __proto__'],
    [{ s: 'ok\uD800' }, 'sceneData.s: must be well-formed Unicode'],
  ])('rejects %p with an error naming the field', (input, message) => {
    const error = errorOf(() => validateSceneData(input));
    expect(error.errCode).toBe(SceneErrCode.INVALID_ARGS);
    expect(error.errMsg).toContain(message);
  });

  it('rejects too many fields, too long a string and too large a whole as SCENE_DATA_TOO_LARGE', () => {
    const many = Object.fromEntries(Array.from({ length: SCENE_DATA_LIMITS.maxFields + 1 }, (_, i) => [`f${i}`, i]));
    const long = { text: 'x'.repeat(SCENE_DATA_LIMITS.maxStringLength + 1) };
    const whole = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`f${i}`, 'y'.repeat(SCENE_DATA_LIMITS.maxStringLength)]));
    expect(errorOf(() => validateSceneData(many))).toMatchObject({ errCode: SceneErrCode.SCENE_DATA_TOO_LARGE, errMsg: expect.stringContaining('at most 32 fields; received 33') });
    expect(errorOf(() => validateSceneData(long))).toMatchObject({ errCode: SceneErrCode.SCENE_DATA_TOO_LARGE, errMsg: expect.stringContaining('sceneData.text: must be at most 1024 characters') });
    expect(errorOf(() => validateSceneData(whole))).toMatchObject({ errCode: SceneErrCode.SCENE_DATA_TOO_LARGE, errMsg: expect.stringContaining('at most 4096 characters as JSON') });
  });

  it.each([
    ['Chinese', { 中文键: '值' }],
    ['a space', { 'a b': 1 }],
    ['an emoji', { '🙂': true }],
    ['punctuation, dots and dollars', { 'a.b': 1, $set: 2, '%&=?': 3 }],
    ['a leading digit', { '1st': 1 }],
    ['64 emoji (64 characters, 128 UTF-16 units)', { ['🙂'.repeat(64)]: 1 }],
  ])('accepts any non-empty field name: %s', (_label, input) => {
    expect(validateSceneData(input)).toEqual(input);
  });

  it('names the path it was given, so callers can report nested fields', () => {
    expect(errorOf(() => validateSceneData({ a: {} }, 'event.sceneData')).errMsg).toMatch(/^event\.sceneData\.a: /);
  });
});
