import { createHmac } from 'node:crypto';

/**
 * The keyed hash that stands for an openid in everything this toolkit stores about entries. An openid joined to times
 * and codes identifies a person (PIPL art. 4, 6: minimum necessary), so it is never stored; the hash still tells one
 * user's entries apart from another's. Its key is derived from the environment's scene secret (WXACODE_SCENE_SECRET,
 * or the one kept in wxacode_scenes) under a label of its own, so the hash reveals nothing about stored-scene keys and
 * no one without the secret can compute the hash of an openid they know.
 */
export function entryKeyOf(sceneSecret: string): Buffer {
  return createHmac('sha256', sceneSecret).update('wxacode-cloudbase entries v1').digest();
}

/** 128 bits of HMAC-SHA256(key, openid) in base64url: 22 characters. */
export function hashUser(entryKey: Buffer, openid: string): string {
  return createHmac('sha256', entryKey).update(openid, 'utf8').digest('base64url').slice(0, 22);
}

/** A marker's `_id`: the source's digest and the user's hash, so one source and user have exactly one marker. */
export function markerId(kind: string, source: string, user: string): string {
  const sourceDigest = createHmac('sha256', 'wxacode-cloudbase source').update(`${kind}\n${source}`, 'utf8').digest('base64url').slice(0, 16);
  return `${sourceDigest}.${user}`;
}
