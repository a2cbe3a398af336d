/**
 * Characters WeChat accepts in a getUnlimited scene (获取不限制的小程序码: scene 最大32个可见字符, 只支持数字, 大小写英文以及部分特殊字符). `%` is not among them, which is why
 * Chinese cannot simply be URL-encoded and why a decoded scene never contains `%`.
 */
export const SCENE_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$&'()*+,/:;=?@-._~";

/** WeChat's limit on a scene, in characters. */
export const SCENE_MAX_LENGTH = 32;

/**
 * The digits of the base-80 encoding used for values outside the plain set: every scene character except the two
 * separators `&` and `=`, so an encoded value never splits a field. Order is part of the format: do not change it.
 */
export const BASE80_DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$'()*+,/:;?@-._~";

const SCENE_CHAR_SET = new Set(SCENE_CHARS.split(''));

export function isSceneString(value: string): boolean {
  for (const char of value) if (!SCENE_CHAR_SET.has(char)) return false;
  return true;
}
