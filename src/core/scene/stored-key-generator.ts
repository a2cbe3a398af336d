import { createHmac } from 'node:crypto';
import { STORED_KEY_BODY_LENGTH, STORED_KEY_PREFIX, type SceneData } from './codec';

/**
 * The canonical text of validated data: fields in name order, JSON so that 1 and "1" differ.
 * Equal data gives equal text, hence the same key, hence the same code (and the image cache still holds).
 */
export function canonicalSceneJson(data: SceneData): string {
  return JSON.stringify(Object.keys(data).sort().map((name) => [name, data[name]]));
}

/**
 * `@` + the first 128 bits of HMAC-SHA256(secret, canonical data), base64url. Keyed so that a person who can guess
 * the data (say `{orderId: 1042}`) still cannot compute its key and probe which codes exist; deterministic so equal
 * data always gives the same scene.
 */
export function deriveStoredKey(data: SceneData, secret: string): string {
  const digest = createHmac('sha256', secret).update(canonicalSceneJson(data)).digest();
  const body = digest.subarray(0, 16).toString('base64url');
  if (body.length !== STORED_KEY_BODY_LENGTH) throw new Error(`stored key body must be ${STORED_KEY_BODY_LENGTH} characters`);
  return STORED_KEY_PREFIX + body;
}
