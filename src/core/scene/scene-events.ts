import { ErrCode, WxacodeError, toWxacodeError } from '../errors';
import { describeReceived } from '../validation/reject';
import { checkKnownKeys } from '../validation/unknown-keys';
import type { SceneData } from './codec';
import { prepareScene, type PreparedScene } from './prepare-scene';
import { recordEntry } from '../entries/record-entry';
import type { EntrySettings } from '../entries/entry-settings';
import type { EntrySource, EntryStore } from '../entries/entry-store';
import { hashUser } from '../entries/user-hash';
import { checkEntry, type EntryInput } from '../validation/rules/entry';
import { toMillis } from './codec-errors';
import { resolveSceneDetail, type ResolvedSceneDetail } from './resolve-scene';
import { checkSceneEventFields, type SceneEventFields } from './scene-options';
import type { SceneStore } from './scene-store';

export type { SceneEventFields } from './scene-options';

export interface SceneEventOptions {
  now?: Date | number;
  secret?: string;
  beforeNewPayload?: () => Promise<void>;
}

/**
 * For wxacodeGetUnlimited: the scene to send to WeChat when the event carries sceneData, or null when it does not
 * (then `scene` is used as given and validated as usual). Call it before computing the cache key.
 */
export async function sceneFromEvent(event: SceneEventFields, store: SceneStore, options: SceneEventOptions = {}): Promise<PreparedScene | null> {
  if (!checkSceneEventFields(event)) return null;
  return prepareScene(event.sceneData, store, {
    ttlSeconds: event.ttlSeconds as number | undefined,
    sceneMode: event.sceneMode as 'auto' | 'stored' | undefined,
    recordEntries: event.recordEntries as boolean | undefined,
    now: options.now,
    secret: options.secret,
    beforeNewPayload: options.beforeNewPayload,
  });
}

export type ResolveSceneReply =
  | { errCode: 0; errMsg: 'ok'; data: SceneData; page?: string; recorded?: boolean }
  | { errCode: number; errMsg: string };

/** What wxacodeResolveScene needs to record an entry; without it, `entry` is checked and nothing is recorded. */
export interface EntryRecording {
  settings: EntrySettings;
  store: EntryStore;
  /** the caller's openid, read only when there is an entry to record; none: a trusted caller, no user to count */
  openid: () => string | undefined;
  /** the key of the user hash (the first call may read the scene secret) */
  entryKey: () => Promise<Buffer>;
}

export interface ResolveEventOptions {
  now?: Date | number;
  entries?: EntryRecording;
}

/** What wxacodeResolveScene takes; wx.cloud.callFunction adds userInfo on its own. */
const RESOLVE_KEYS = ['scene', 'entry', 'link'];

/** A link's short id, as a link made by the toolkit carries it in its query (`wxl=<id>`) */
const LINK_ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The whole of wxacodeResolveScene: `{scene, entry?, link?}` → `{errCode: 0, errMsg: 'ok', data, page?, recorded?}` or
 * `{errCode, errMsg}`; never throws. With `entry` the entry is recorded in the same invocation (at most two database
 * requests, see recordEntry); a failure to record is logged and never keeps the page from its data.
 */
export async function handleResolveScene(event: unknown, store: SceneStore, options: ResolveEventOptions = {}): Promise<ResolveSceneReply> {
  try {
    const fields = event && typeof event === 'object' ? (event as { scene?: unknown; entry?: unknown; link?: unknown }) : {};
    // `Entry` or `scene_value` ignored would resolve without recording, and the team would find no entries days later
    const { userInfo: _platform, ...given } = fields as Record<string, unknown>;
    checkKnownKeys(given, RESOLVE_KEYS, 'wxacodeResolveScene');
    const scene = fields.scene;
    const link = fields.link;
    if (scene === undefined && link === undefined) {
      throw new WxacodeError(ErrCode.INVALID_ARGS, 'scene: is required; received nothing (undefined). Pass {scene: query.scene} from the page a code opened');
    }
    const entry = checkEntry(fields.entry);
    if (link !== undefined && (typeof link !== 'string' || !LINK_ID.test(link))) {
      throw new WxacodeError(
        ErrCode.INVALID_ARGS,
        `link: must be a link's short id, 1-64 letters, digits, _ or -; received ${describeReceived(link)}. Pass query.wxl of the page a link opened, or omit link`,
      );
    }
    if (scene === undefined) {
      // a link whose page carries no scene: nothing to resolve, only its entry to record
      const reply: ResolveSceneReply = { errCode: 0, errMsg: 'ok', data: {} };
      if (!entry) return reply;
      const linkOnly: ResolvedSceneDetail = { form: 'inline', scene: '', data: {}, recordEntries: true };
      return { ...reply, recorded: await recordResolvedEntry(linkOnly, entry, link as string, options) };
    }
    const resolved = await resolveSceneDetail(scene, store, { now: options.now });
    const reply: ResolveSceneReply = { errCode: 0, errMsg: 'ok', data: resolved.data, ...(resolved.page ? { page: resolved.page } : {}) };
    if (!entry) return reply;
    return { ...reply, recorded: await recordResolvedEntry(resolved, entry, link as string | undefined, options) };
  } catch (error) {
    const { errCode, errMsg } = toWxacodeError(error);
    return { errCode, errMsg };
  }
}

async function recordResolvedEntry(resolved: ResolvedSceneDetail, entry: EntryInput, link: string | undefined, options: ResolveEventOptions): Promise<boolean> {
  const recording = options.entries;
  if (!recording || recording.settings.record === 'off' || !resolved.recordEntries) return false;
  if (resolved.form === 'inline' && !link && recording.settings.record === 'stored') return false;
  const openid = recording.openid();
  if (!openid) return false;
  try {
    const user = hashUser(await recording.entryKey(), openid);
    const source: EntrySource = link ? { kind: 'link', id: link } : { kind: 'scene', id: resolved.scene };
    return await recordEntry(recording.store, { source, user, entry, at: toMillis(options.now), settings: recording.settings });
  } catch (error) {
    console.error(`wxacodeResolveScene: the entry was not recorded (${toWxacodeError(error).errMsg}); the data was sent all the same`);
    return false;
  }
}
