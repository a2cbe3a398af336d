import { SceneCodecError, SceneErrCode, describeValue } from './errors';
import { decodeValue, ENCODED_MARKER, TYPED_MARKER } from './inline';
import type { SceneData } from './scene-data';
import { isStoredKey, STORED_KEY_BODY_LENGTH, STORED_KEY_PREFIX } from './stored-key';

/** What a scene says before any database is asked: the data itself, or the key of stored data. */
export type ParsedScene = { form: 'inline'; scene: string; data: SceneData } | { form: 'stored'; scene: string; key: string };

/** WeChat scenes are at most 32 characters; anything far longer did not come from a code. */
export const MAX_RAW_SCENE_LENGTH = 256;

/** Field a bare legacy scene (no `=`, no `&`, such as `12345`) is returned under. */
export const BARE_SCENE_FIELD = 'scene';

/** What a page should do about a bad scene; staff tools (wxacodeAdmin) swap in their own hint. */
export const PAGE_SCENE_HINT = 'Open the page by scanning a code made by wxacodeGetUnlimited, or set the compile condition query to scene=<encodeURIComponent(scene)>';

function malformed(message: string): SceneCodecError {
  return new SceneCodecError(SceneErrCode.SCENE_MALFORMED, `${message}. ${PAGE_SCENE_HINT}`);
}

/**
 * Takes the scene as a page may hold it — `query.scene` still URL-encoded, or already passed through
 * decodeURIComponent — and returns the scene as generated. Decoding again is safe because a real scene never
 * contains `%`; two rounds cover a compile condition that was encoded twice.
 */
export function normalizeRawScene(raw: unknown): string {
  if (typeof raw !== 'string') throw malformed(`scene: must be a string; received ${describeValue(raw)}`);
  let scene = raw;
  for (let round = 0; round < 2 && scene.includes('%'); round++) {
    try {
      scene = decodeURIComponent(scene);
    } catch {
      throw malformed(`scene: is not valid URL encoding; received ${describeValue(raw)}`);
    }
  }
  if (scene.length === 0) throw malformed('scene: is empty');
  if (scene.length > MAX_RAW_SCENE_LENGTH) {
    throw malformed(`scene: must be at most ${MAX_RAW_SCENE_LENGTH} characters; received ${scene.length}`);
  }
  return scene;
}

/** Reads an inline or legacy `name=value&…` scene. Legacy rules are in FORMAT.md. */
export function decodeInlineScene(scene: string): SceneData {
  if (!scene.includes('=') && !scene.includes('&')) return { [BARE_SCENE_FIELD]: scene };
  const data: SceneData = {};
  for (const segment of scene.split('&')) {
    if (segment === '') continue;
    const eq = segment.indexOf('=');
    const name = eq < 0 ? segment : segment.slice(0, eq);
    const text = eq < 0 ? '' : segment.slice(eq + 1);
    if (name === '') throw malformed(`scene: has a value with no field name (${JSON.stringify(segment)}) in ${JSON.stringify(scene)}`);
    if (name === '__proto__') throw malformed(`scene: field name __proto__ is not allowed in ${JSON.stringify(scene)}`);
    if (Object.prototype.hasOwnProperty.call(data, name)) throw malformed(`scene: field ${JSON.stringify(name)} appears more than once in ${JSON.stringify(scene)}`);
    const value = decodeValue(text);
    if (value === null) {
      const meaning = text.startsWith(TYPED_MARKER) ? `${TYPED_MARKER}t, ${TYPED_MARKER}f or ${TYPED_MARKER}<number>` : `${ENCODED_MARKER}<base-80 UTF-8>`;
      throw malformed(`scene.${name}: ${JSON.stringify(text)} is not a valid ${meaning} value`);
    }
    data[name] = value;
  }
  if (Object.keys(data).length === 0) throw malformed(`scene: has no fields; received ${describeValue(scene)}`);
  return data;
}

/** Splits a raw scene into inline data (decoded here, no network) or a stored key (ask wxacodeResolveScene). */
export function parseScene(raw: unknown): ParsedScene {
  const scene = normalizeRawScene(raw);
  if (isStoredKey(scene)) return { form: 'stored', scene, key: scene };
  if (scene.startsWith(STORED_KEY_PREFIX) && !scene.includes('=')) {
    throw malformed(
      `scene: starts with ${STORED_KEY_PREFIX} like a stored key but is not ${STORED_KEY_PREFIX} followed by ${STORED_KEY_BODY_LENGTH} letters, digits, _ or -; received ${describeValue(scene)}`,
    );
  }
  return { form: 'inline', scene, data: decodeInlineScene(scene) };
}
