import { ErrCode } from '../../errors';
import { SCENE_MAX_CHARS } from '../../params/defaults';
import { reject } from '../reject';

/** The characters getUnlimited's scene may hold (shared/seeds 002/003). No `%`, so no URL encoding. */
export const SCENE_ALLOWED_PUNCTUATION = "!#$&'()*+,/:;=?@-._~";
const SCENE_CHARSET = /^[0-9A-Za-z!#$&'()*+,/:;=?@\-._~]*$/;
const SCENE_RULE = `must be 1 to ${SCENE_MAX_CHARS} characters from digits, letters and ${SCENE_ALLOWED_PUNCTUATION}`;
const SCENE_HINT = 'To carry longer data or other characters, pass sceneData (an object) instead of scene';

export function isSceneCharset(value: string): boolean {
  return SCENE_CHARSET.test(value);
}

export function checkScene(value: unknown, field = 'scene'): string {
  if (typeof value !== 'string') throw reject(ErrCode.INVALID_SCENE, field, `must be a string: ${SCENE_RULE}`, value, SCENE_HINT);
  // WeChat counts characters; code points, so an emoji is one character and still rejected by the charset
  const length = [...value].length;
  if (length === 0 || length > SCENE_MAX_CHARS) {
    throw reject(ErrCode.INVALID_SCENE_LENGTH, field, `${SCENE_RULE} (it has ${length})`, value, SCENE_HINT);
  }
  if (!isSceneCharset(value)) {
    const chars = [...value];
    const index = chars.findIndex((c) => !SCENE_CHARSET.test(c));
    throw reject(
      ErrCode.INVALID_SCENE,
      field,
      `${SCENE_RULE}; character ${JSON.stringify(chars[index])} at position ${index + 1} is not allowed`,
      value,
      SCENE_HINT,
    );
  }
  return value;
}
