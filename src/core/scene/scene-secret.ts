import { randomBytes } from 'node:crypto';
import { ErrCode, WxacodeError } from '../errors';
import type { SceneStore } from './scene-store';

/** Environment variable that, when set, holds the secret stored keys are derived with. */
export const SCENE_SECRET_ENV = 'WXACODE_SCENE_SECRET';
/**
 * Where the generated secret is kept when the variable is not set. Not a stored-key shape, so no scene can
 * ever resolve to it.
 */
export const SCENE_SECRET_STORE_KEY = '#secret';
export const SCENE_SECRET_MIN_LENGTH = 32;

/**
 * The secret for deriveStoredKey. Prefer the environment variable (set it on the function to pin keys across
 * databases); without it, one random secret is created and kept in the store so a fresh deployment works with no
 * setup. Two instances racing on the first call may write different secrets; both re-read, so they converge on
 * the last write, and at worst one payload is stored under two keys (two codes for it), never lost.
 */
export async function loadSceneSecret(
  store: SceneStore,
  env: Record<string, string | undefined> = process.env,
): Promise<string> {
  const configured = env[SCENE_SECRET_ENV];
  if (configured !== undefined && configured !== '') {
    if (configured.length < SCENE_SECRET_MIN_LENGTH) {
      throw new WxacodeError(
        ErrCode.INTERNAL,
        `${SCENE_SECRET_ENV}: must be at least ${SCENE_SECRET_MIN_LENGTH} characters; received ${configured.length}. Set it to e.g. the output of \`openssl rand -base64 32\`, or unset it to let the function create one`,
      );
    }
    return configured;
  }
  const remembered = settledSecrets.get(store);
  if (remembered) return remembered;
  const kept = await readSecret(store);
  if (kept) {
    settledSecrets.set(store, kept);
    return kept;
  }
  await store.put(SCENE_SECRET_STORE_KEY, { secret: randomBytes(32).toString('base64url') });
  const settled = await readSecret(store);
  if (!settled) throw new WxacodeError(ErrCode.INTERNAL, 'scene secret: was written but cannot be read back. Check the wxacode_scenes collection is writable by cloud functions');
  return settled;
}

/**
 * A secret found already stored is remembered for the store's lifetime (the instance's), saving a database read on
 * every stored scene; one this instance just wrote is not, so racing first writers still converge on the last write.
 */
const settledSecrets = new WeakMap<SceneStore, string>();

async function readSecret(store: SceneStore): Promise<string | null> {
  const kept = await store.get(SCENE_SECRET_STORE_KEY);
  const secret = kept?.data.secret;
  return typeof secret === 'string' && secret.length >= SCENE_SECRET_MIN_LENGTH ? secret : null;
}
