import { ErrCode } from '../../errors';
import { SCENE_MAX_CHARS } from '../../params/defaults';
import { isSceneString, SCENE_CHARS } from '../../scene/codec/alphabet';
import { reject } from '../reject';

/**
 * The scene's character set is defined once, in the codec (which the mini program shares); this rule applies it.
 * The punctuation part, for messages:
 */
export const SCENE_ALLOWED_PUNCTUATION = SCENE_CHARS.replace(/[0-9A-Za-z]/g, '');
const SCENE_RULE = `must be 1 to ${SCENE_MAX_CHARS} characters from digits, letters and ${SCENE_ALLOWED_PUNCTUATION}`;
const SCENE_HINT = 'To carry longer data or other characters, pass sceneData (an object) instead of scene';

export function checkScene(value: unknown, field = 'scene'): string {
  if (typeof value !== 'string') throw reject(ErrCode.INVALID_SCENE, field, `must be a string: ${SCENE_RULE}`, value, SCENE_HINT);
  // WeChat counts characters; code points, so an emoji is one character and still rejected by the charset
  const length = [...value].length;
  if (length === 0 || length > SCENE_MAX_CHARS) {
    throw reject(ErrCode.INVALID_SCENE_LENGTH, field, `${SCENE_RULE} (it has ${length})`, value, SCENE_HINT);
  }
  if (!isSceneString(value)) {
    const chars = [...value];
    const index = chars.findIndex((c) => !isSceneString(c));
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
