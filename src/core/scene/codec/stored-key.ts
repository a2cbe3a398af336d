/**
 * A stored scene is `@` followed by 22 base64url characters (128 bits): `@` because no inline scene starts with it
 * (inline scenes start with a field name), base64url because all of its characters are scene characters.
 * Generation lives on the server (it needs a keyed hash); recognising one is all the mini program needs.
 */
export const STORED_KEY_PREFIX = '@';
export const STORED_KEY_BODY_LENGTH = 22;
const STORED_KEY = /^@[A-Za-z0-9_-]{22}$/;

export function isStoredKey(scene: string): boolean {
  return STORED_KEY.test(scene);
}
