import { CHINA_DATE } from '../entries/china-date';
import { entryOf } from '../entries/entry-of';
import { entryStats, type StatsRow } from '../entries/entry-stats';
import type { EntrySource, EntryStore } from '../entries/entry-store';
import { hashUser } from '../entries/user-hash';
import { ErrCode, toWxacodeError, WxacodeError } from '../errors';
import { isStoredKey, PAGE_SCENE_HINT, parseScene, SceneCodecError, validateSceneData, type ParsedScene, type SceneData } from '../scene/codec';
import { asWxacodeError } from '../scene/codec-errors';
import type { SceneChange, ScenePatch, SceneStore } from '../scene/scene-store';
import { checkLabel } from '../validation/rules/label';
import { checkPage } from '../validation/rules/page';
import { reject } from '../validation/reject';
import { checkKnownKeys } from '../validation/unknown-keys';
import { ADMIN_ACTIONS, type AdminAction, type EntrySourceRow, type HistoryRow } from './contract';

/** The codes of batch jobs, by job and label (wxacode_batch_items): where stats by jobId or label find their scenes. */
export interface CodeDirectory {
  /** the made codes of a job, or of every job with this label, as {scene, label} */
  codesOf(filter: { jobId?: string; label?: string }): Promise<{ scene: string; label: string }[]>;
  /** batch labels of these scenes, where a job made them */
  labelsOf(scenes: readonly string[]): Promise<Map<string, string>>;
}

export interface AdminDeps {
  scenes: SceneStore;
  entries: EntryStore;
  codes: CodeDirectory;
  /** pages a code may land on (the caller policy's): '*' any */
  allowedPages: readonly string[] | '*';
  entryKey(): Promise<Buffer>;
  now(): number;
}

export type AdminReply = ({ errCode: 0; errMsg: 'ok' } & Record<string, unknown>) | { errCode: number; errMsg: string };

const MESSAGE_MAX_CHARS = 200;

/** Keys wx.cloud.callFunction adds to an admin's event on its own; not the caller's. */
const PLATFORM_KEYS = ['userInfo'];
const TARGET_KEYS = ['scene', 'jobId', 'label'];
/**
 * What each action takes. Anything else is refused: `Since` or `job_id` silently ignored would answer stats of
 * every day or of no job, numbers a team then reports as right.
 */
const ACTION_KEYS: Record<AdminAction, readonly string[]> = {
  stats: ['scene', 'link', 'jobId', 'label', 'since', 'until'],
  update: [...TARGET_KEYS, 'data', 'page'],
  disable: [...TARGET_KEYS, 'message'],
  enable: TARGET_KEYS,
  history: TARGET_KEYS,
  entryOf: ['openid'],
  forgetUser: ['openid'],
};

function badArgs(field: string, rule: string, received: unknown, hint?: string): WxacodeError {
  return reject(ErrCode.INVALID_ARGS, field, rule, received, hint);
}

/** The action of an event, checked before anything is loaded. */
export function adminActionOf(event: unknown): AdminAction {
  const action = event && typeof event === 'object' ? (event as { action?: unknown }).action : undefined;
  if (typeof action !== 'string' || !(ADMIN_ACTIONS as readonly string[]).includes(action)) {
    throw badArgs('action', `must be one of ${ADMIN_ACTIONS.join(', ')}`, action, 'e.g. {action: "stats", jobId}');
  }
  return action as AdminAction;
}

/**
 * One staff request, already admitted (the caller checks who asks). `actor` is how history names the one who changed
 * something: "http token N", "trusted" or "admin <hash>".
 */
export async function handleAdminRequest(event: unknown, deps: AdminDeps, actor: string): Promise<AdminReply> {
  try {
    const action = adminActionOf(event);
    const fields = Object.fromEntries(Object.entries(event as Record<string, unknown>).filter(([key]) => !PLATFORM_KEYS.includes(key)));
    checkKnownKeys(fields, ['action', ...ACTION_KEYS[action]], `{action: "${action}"}`);
    switch (action) {
      case 'stats':
        return { errCode: 0, errMsg: 'ok', rows: await stats(fields, deps) };
      case 'entryOf':
        return { errCode: 0, errMsg: 'ok', ...(await entryOfEvent(fields, deps)) };
      case 'history':
        return { errCode: 0, errMsg: 'ok', ...(await history(fields, deps)) };
      case 'forgetUser':
        return { errCode: 0, errMsg: 'ok', removed: await deps.entries.removeUser(hashUser(await deps.entryKey(), checkOpenid(fields.openid))) };
      default:
        return { errCode: 0, errMsg: 'ok', ...(await change(action, fields, deps, actor)) };
    }
  } catch (error) {
    const { errCode, errMsg } = toWxacodeError(error);
    return { errCode, errMsg };
  }
}

async function stats(fields: Record<string, unknown>, deps: AdminDeps): Promise<StatsRow[]> {
  const since = optionalDate(fields.since, 'since');
  const until = optionalDate(fields.until, 'until');
  if (since && until && since > until) throw badArgs('since', `must not be after until (${until}): both days are inclusive`, since, `Swap them: since ${JSON.stringify(until)}, until ${JSON.stringify(since)}`);
  const { scene, link, jobId, label } = fields;
  const given = [scene, link, jobId, label].filter((v) => v !== undefined).length;
  if (given === 0 || (given > 1 && !(jobId !== undefined && label !== undefined && given === 2))) {
    throw badArgs('scene, link, jobId, label', 'pass one of scene, link or jobId (jobId with label narrows a job to one code, label alone finds it in every job)', given === 0 ? undefined : fields);
  }
  let sources: (EntrySource & { label?: string })[];
  if (scene !== undefined) {
    const parsed = parseStaffScene(scene);
    const key = parsed.scene;
    const labels = await deps.codes.labelsOf([key]);
    sources = [{ kind: 'scene', id: key, ...(labels.has(key) ? { label: labels.get(key) } : {}) }];
    const rows = await entryStats(deps.entries, { sources, since, until });
    // a mistyped key has no entries either: all zeros would read as "nobody scanned it". Asked only then, so a code
    // with entries costs no extra read
    if (parsed.form === 'stored' && rows[0].users === 0 && since === undefined && until === undefined && !labels.has(key) && !(await deps.scenes.get(parsed.key))) {
      throw new WxacodeError(
        ErrCode.SCENE_KEY_NOT_FOUND,
        `scene: no code with the stored scene ${key} is in this environment (no data stored, no batch made it, no entries; wxacodeHousekeeping drops a code's data some days after it expires). ${STAFF_SCENE_HINT}; check the environment too`,
      );
    }
    return rows;
  } else if (link !== undefined) {
    if (typeof link !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(link)) {
      // the link itself carries no id (its query is WeChat's, behind the ticket): say where the id is
      const pasted = typeof link === 'string' && /^(https?:\/\/|weixin:\/\/|#小程序:\/\/)/.test(link);
      throw badArgs('link', "must be a link's short id (1-64 letters, digits, _ or -)", link, pasted ? "Pass the link's id, not the link: linkId in the answer that made it (wxl in its query), or the linkId column of a batch manifest" : undefined);
    }
    sources = [{ kind: 'link', id: link }];
  } else {
    if (jobId !== undefined && (typeof jobId !== 'string' || jobId === '')) throw badArgs('jobId', 'must be the jobId wxacodeBatch answered to submit', jobId);
    const filter = { ...(jobId !== undefined ? { jobId: jobId as string } : {}), ...(label !== undefined ? { label: checkLabel(label) } : {}) };
    const codes = await deps.codes.codesOf(filter);
    if (codes.length === 0) {
      throw new WxacodeError(
        ErrCode.BATCH_UNKNOWN_JOB,
        `${jobId !== undefined ? `jobId: ${JSON.stringify(jobId)}` : 'label'}${label !== undefined ? ` with label ${JSON.stringify(label)}` : ''}: no made code found. Check the jobId (wxacode-cloudbase batch prints it) and that the job made its codes`,
      );
    }
    sources = codes.map((c) => ({ kind: 'scene' as const, id: c.scene, label: c.label }));
  }
  return entryStats(deps.entries, { sources, since, until });
}

async function entryOfEvent(fields: Record<string, unknown>, deps: AdminDeps): Promise<{ first: EntrySourceRow | null; last: EntrySourceRow | null }> {
  return entryOf(checkOpenid(fields.openid), { entries: deps.entries, codes: deps.codes, entryKey: await deps.entryKey() });
}

function checkOpenid(openid: unknown): string {
  if (typeof openid !== 'string' || openid.trim() === '') {
    throw badArgs('openid', "must be the user's openid (from the calling function's cloud.getWXContext().OPENID)", openid);
  }
  return openid;
}

/** The stored scenes an action is about: `scene`, or a batch job's codes (`jobId`, narrowed to one by `label`). */
async function targetsOf(fields: Record<string, unknown>, deps: AdminDeps, action: string, one: boolean): Promise<{ scene: string; label?: string }[]> {
  const { scene, jobId, label } = fields;
  if (scene !== undefined) {
    if (jobId !== undefined || label !== undefined) throw badArgs('scene, jobId', 'pass scene, or jobId (with label for one code), not both', fields);
    return [{ scene: storedSceneKey(scene, action) }];
  }
  if (typeof jobId !== 'string' || jobId === '') {
    throw badArgs('scene', 'is required: the stored scene (@…) of the code, or jobId and label of a batch job\'s code', scene, "The batch manifest lists each code's scene and label");
  }
  if (one && label === undefined) throw badArgs('label', `is required with jobId: ${action} is about one code`, label);
  const codes = await deps.codes.codesOf({ jobId, ...(label !== undefined ? { label: checkLabel(label) } : {}) });
  if (codes.length === 0) {
    throw new WxacodeError(ErrCode.BATCH_UNKNOWN_JOB, `jobId: ${JSON.stringify(jobId)}${label !== undefined ? ` with label ${JSON.stringify(label)}` : ''}: no made code found. Check the jobId and the label (the batch manifest lists them)`);
  }
  // every code is checked before any is changed: a job's inline codes cannot change, and nothing is half done
  return codes.map((code) => ({ scene: storedSceneKey(code.scene, action, code.label), label: code.label }));
}

async function history(fields: Record<string, unknown>, deps: AdminDeps): Promise<{ scene: string; label?: string; history: HistoryRow[] }> {
  const [target] = await targetsOf(fields, deps, 'history', true);
  const changes = await deps.scenes.history(target.scene);
  if (changes === null) throw notFound(target.scene);
  return { ...target, history: changes.map(toHistoryRow) };
}

async function change(action: 'update' | 'disable' | 'enable', fields: Record<string, unknown>, deps: AdminDeps, actor: string) {
  const at = deps.now();
  let patch: ScenePatch;
  let record: SceneChange;
  if (action === 'update') {
    if (fields.data === undefined && fields.page === undefined) {
      throw badArgs('data, page', 'update needs new data, a new page, or both', undefined, 'e.g. {action: "update", scene, page: "pages/menu/menu"}');
    }
    const data: SceneData | undefined = fields.data === undefined ? undefined : asWxacodeError(() => validateSceneData(fields.data, 'data'));
    const page = fields.page === undefined ? undefined : checkPage(fields.page, 'page', 'change');
    if (page !== undefined && deps.allowedPages !== '*' && !deps.allowedPages.includes(page)) {
      throw reject(
        ErrCode.PAGE_NOT_ALLOWED,
        'page',
        `must be one of this app's pages (${deps.allowedPages.slice(0, 5).join(', ')}${deps.allowedPages.length > 5 ? ', …' : ''})`,
        page,
        'Add the page to app.json and rebuild, or list it in WXACODE_ALLOWED_PAGES',
      );
    }
    patch = { ...(data ? { data } : {}), ...(page !== undefined ? { page } : {}) };
    record = { at, actor, action, ...(data ? { data } : {}), ...(page !== undefined ? { page } : {}) };
  } else if (action === 'disable') {
    const message = fields.message;
    if (typeof message !== 'string' || message.trim() === '' || [...message].length > MESSAGE_MAX_CHARS) {
      throw badArgs('message', `must be the text users see, 1-${MESSAGE_MAX_CHARS} characters`, message, 'e.g. "活动已结束，感谢参与"');
    }
    patch = { disabled: { message, at } };
    record = { at, actor, action, message };
  } else {
    patch = { disabled: null };
    record = { at, actor, action };
  }
  // new data is one code's payload: giving it to every code of a job would make them all the same code
  const targets = await targetsOf(fields, deps, action, patch.data !== undefined);
  // every code is read before any is changed: an unknown or expired one stops the request with nothing half done
  for (const target of targets) {
    const stored = await deps.scenes.get(target.scene);
    if (!stored) throw notFound(target.scene);
    // resolving checks expiry first, so a change to an expired code would be answered ok and never be seen
    if (stored.expiresAt && stored.expiresAt.getTime() <= at) {
      throw new WxacodeError(
        ErrCode.SCENE_KEY_EXPIRED,
        `scene${target.label !== undefined ? ` (of ${target.label})` : ''}: ${target.scene} expired at ${stored.expiresAt.toISOString()} (the ttlSeconds it was made with); scans keep getting -700002 and ${action} cannot change that. Make a new code with wxacodeGetUnlimited (sceneMode: 'stored', without ttlSeconds for a code that stays valid) and print it`,
      );
    }
  }
  const changed: { scene: string; label?: string }[] = [];
  for (const target of targets) {
    if (!(await deps.scenes.change(target.scene, patch, record))) throw notFound(target.scene);
    changed.push(target);
  }
  return fields.scene !== undefined ? { scene: targets[0].scene, change: toHistoryRow(record) } : { changed, change: toHistoryRow(record) };
}

function toHistoryRow(change: SceneChange): HistoryRow {
  return { ...change, at: new Date(change.at).toISOString() };
}

const STAFF_SCENE_HINT = "Pass the code's scene as the batch manifest's scene column or wxacodeGetUnlimited's reply gives it (a stored one is @ and 22 characters), or jobId and label";

/** a scene as a page or the manifest gives it (stored key or inline scene), parsed with a hint for staff: the page's ("open the page by scanning a code…") says nothing to them */
function parseStaffScene(value: unknown): ParsedScene {
  // manifest.csv writes a cell starting with @ as '@… so spreadsheets keep it text (csv-cell.ts); copied with its
  // quote, the key would read as an inline scene: stats of nobody, or "inline, cannot change"
  if (typeof value === 'string' && value.startsWith("'") && isStoredKey(value.slice(1))) {
    throw badArgs('scene', "must be the scene without the ' that manifest.csv puts before a cell starting with @", value, `Pass ${JSON.stringify(value.slice(1))} (manifest.json has it as it is)`);
  }
  try {
    return parseScene(value);
  } catch (error) {
    if (!(error instanceof SceneCodecError)) throw error;
    throw new WxacodeError(error.errCode, error.errMsg.replace(PAGE_SCENE_HINT, STAFF_SCENE_HINT));
  }
}

/** 活码 works on stored scenes only: an inline scene is its data, printed in the code. */
function storedSceneKey(value: unknown, action: string, label?: string): string {
  const parsed = parseStaffScene(value);
  if (parsed.form !== 'stored') {
    throw badArgs(
      label !== undefined ? `scene (of ${label})` : 'scene',
      `${action} needs a stored scene (@ and 22 characters); this one is inline, its data printed in the code itself, and cannot change`,
      value,
      "Make 活码 with sceneMode: 'stored' (wxacodeGetUnlimited, or wxacode-cloudbase batch --scene-mode stored), then print those codes",
    );
  }
  return parsed.key;
}

function notFound(key: string): WxacodeError {
  return new WxacodeError(ErrCode.SCENE_KEY_NOT_FOUND, `scene: no data is stored for ${key}. Check the scene (the batch manifest lists each code's) and the environment`);
}

function optionalDate(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !CHINA_DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
    throw badArgs(field, 'must be a China-time date YYYY-MM-DD (inclusive)', value, 'e.g. "2026-12-01"');
  }
  return value;
}

