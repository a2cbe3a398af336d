import { toMillis } from './codec-errors';
import { loadSceneSecret } from './scene-secret';
import type { SceneStore } from './scene-store';
import { checkSceneOptions } from './scene-options';
import { deriveStoredKey } from './stored-key-generator';

export type SceneMode = 'inline' | 'stored';

export interface PrepareSceneOptions {
  /** How long a stored payload resolves; omitted: forever. Inline scenes carry their data and never expire. */
  ttlSeconds?: number;
  now?: Date | number;
  /**
   * 'stored' keeps even short data out of the code: an inline scene can be read by anyone who scans it.
   * Default 'auto': inline when it fits in 32 characters.
   */
  sceneMode?: 'auto' | 'stored';
  /** Secret for the stored key; omitted: loadSceneSecret (env WXACODE_SCENE_SECRET, else kept in the store). */
  secret?: string;
  /** false: entries by this code are not recorded (kept with the payload; only stored scenes carry it) */
  recordEntries?: boolean;
  /** runs right before a payload that is not stored yet is written; throws to refuse (the caller policy) */
  beforeNewPayload?: () => Promise<void>;
}

export interface PreparedScene {
  scene: string;
  sceneMode: SceneMode;
  /** Only for stored scenes that expire. */
  expiresAt?: Date;
}

export { MAX_TTL_SECONDS } from './scene-options';

/**
 * Turns sceneData into the scene for getUnlimited. Equal data gives the same scene every time, inline or stored,
 * so the code image cache keeps working. A stored payload written again keeps the later of the two expiries, so
 * making the same code again never shortens the life of codes already printed.
 */
export async function prepareScene(sceneData: unknown, store: SceneStore, options: PrepareSceneOptions = {}): Promise<PreparedScene> {
  const { data, ttlSeconds, inline } = checkSceneOptions(sceneData, options.ttlSeconds, options.sceneMode, options.recordEntries);
  if (inline !== null) return { scene: inline, sceneMode: 'inline' };
  const secret = options.secret ?? (await loadSceneSecret(store));
  const key = deriveStoredKey(data, secret);
  const wanted = ttlSeconds === undefined ? undefined : new Date(toMillis(options.now) + ttlSeconds * 1000);
  const existing = await store.get(key);
  const expiresAt = existing ? laterExpiry(existing.expiresAt, wanted) : wanted;
  const recordEntries = options.recordEntries === false ? false : undefined;
  if (!existing) {
    await options.beforeNewPayload?.();
    await store.put(key, data, expiresAt, { recordEntries });
  } else if (existing.expiresAt?.getTime() !== expiresAt?.getTime() || existing.recordEntries !== recordEntries) {
    // amend, not put: a 活码 change made to this code after printing stays
    await store.amend(key, expiresAt, { recordEntries });
  }
  return expiresAt ? { scene: key, sceneMode: 'stored', expiresAt } : { scene: key, sceneMode: 'stored' };
}

/** undefined means never, which outlives any date. */
function laterExpiry(a: Date | undefined, b: Date | undefined): Date | undefined {
  if (!a || !b) return undefined;
  return a.getTime() >= b.getTime() ? a : b;
}
