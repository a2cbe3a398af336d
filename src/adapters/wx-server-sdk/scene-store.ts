import type { ExpiringStore } from '../../core/housekeeping/housekeeping';
import type { SceneData } from '../../core/scene/codec';
import type { SceneChange, ScenePatch, SceneStore, StoredScene, StoredSceneOptions } from '../../core/scene/scene-store';
import type { CloudDatabase, CloudSdk } from './cloud';
import { SelfCreatingCollection } from './collection';

export const SCENE_COLLECTION = 'wxacode_scenes';

type SceneEntry = [name: string, value: SceneData[string]];

/**
 * Field names are any string, but a database field name with a `.` (a path) or a leading `$` (an operator) would
 * not be stored as it is. Such payloads are kept as `entries`, a list of [name, value] pairs; the others keep the
 * plain `data` object, readable in the console, as before.
 */
function isDatabaseFieldName(name: string): boolean {
  return !name.includes('.') && !name.startsWith('$') && !name.includes('\u0000');
}

interface SceneDocument {
  data?: SceneData;
  entries?: SceneEntry[];
  /** null rather than absent, so a `set` over an expiring record clearly makes it permanent */
  expiresAt: Date | null;
  updatedAt: Date;
  /** 活码: the page the code lands on now, its switch-off, and every change made after printing */
  page?: string;
  disabled?: { message: string; at: number };
  recordEntries?: boolean;
  history?: StoredChange[];
}

/** A change as kept in `history`: data as [name, value] pairs, since names may hold `.` or start with `$` */
type StoredChange = Omit<SceneChange, 'data'> & { data?: SceneEntry[] };

/**
 * Stored scenes in the `wxacode_scenes` collection, one document per key (`_id` = key); the collection creates
 * itself on first write. Written by a cloud function, documents have no `_openid`, so under the default
 * permission no client reads them directly: payloads are reached only through wxacodeResolveScene.
 */
export class CloudDatabaseSceneStore implements SceneStore, ExpiringStore {
  private readonly collection: SelfCreatingCollection;

  /** `cloud` is the initialised wx-server-sdk (or anything with its `database()`), passed in so tests use a fake. */
  private readonly db: CloudDatabase;

  constructor(cloud: Pick<CloudSdk, 'database'>, name: string = SCENE_COLLECTION) {
    this.db = cloud.database();
    this.collection = new SelfCreatingCollection(this.db, name);
  }

  async put(key: string, data: SceneData, expiresAt?: Date, options: StoredSceneOptions = {}): Promise<void> {
    const document: SceneDocument = {
      ...payloadFields(data),
      expiresAt: expiresAt ?? null,
      updatedAt: new Date(),
      ...(options.recordEntries === false ? { recordEntries: false } : {}),
    };
    await this.collection.write((c) => c.doc(key).set({ data: { ...document } }));
  }

  async amend(key: string, expiresAt: Date | undefined, options: StoredSceneOptions): Promise<void> {
    const _ = this.db.command;
    await this.collection.ref.doc(key).update({
      data: { expiresAt: expiresAt ?? null, updatedAt: new Date(), recordEntries: options.recordEntries === false ? false : _.remove() },
    });
  }

  /** one update: the changed fields and the change appended to history; nothing is updated for a key with no record */
  async change(key: string, patch: ScenePatch, change: SceneChange): Promise<boolean> {
    const _ = this.db.command;
    const update: Record<string, unknown> = { updatedAt: new Date() };
    if (patch.data) {
      const payload = payloadFields(patch.data);
      // _.set: a plain object would be merged field by field into the old data, keeping fields the change dropped
      update.data = payload.data ? _.set(payload.data) : _.remove();
      update.entries = payload.entries ? _.set(payload.entries) : _.remove();
    }
    if (patch.page !== undefined) update.page = patch.page === null ? _.remove() : patch.page;
    if (patch.disabled !== undefined) update.disabled = patch.disabled === null ? _.remove() : _.set({ ...patch.disabled });
    const { data, ...rest } = change;
    const kept: StoredChange = { ...rest, ...(data ? { data: pairsOf(data) } : {}) };
    update.history = _.push(kept);
    const result = await this.collection.read((c) => c.where({ _id: key }).update({ data: update }), { stats: { updated: 0 } });
    return result.stats.updated === 1;
  }

  async history(key: string): Promise<SceneChange[] | null> {
    const doc = (await this.collection.findById(key)) as Partial<SceneDocument> | null;
    if (!doc) return null;
    return (Array.isArray(doc.history) ? doc.history : []).map(({ data, ...rest }) => ({
      ...rest,
      ...(Array.isArray(data) ? { data: payloadOf({ entries: data }) ?? {} } : {}),
    }));
  }

  async get(key: string): Promise<StoredScene | null> {
    const doc = (await this.collection.findById(key)) as Partial<SceneDocument> | null;
    const data = doc ? payloadOf(doc) : null;
    if (!doc || !data) return null;
    const expiresAt = toDate(doc.expiresAt);
    return {
      data,
      ...(expiresAt ? { expiresAt } : {}),
      ...(typeof doc.page === 'string' ? { page: doc.page } : {}),
      ...(doc.disabled && typeof doc.disabled.message === 'string' ? { disabled: { message: doc.disabled.message, at: Number(doc.disabled.at) } } : {}),
      ...(doc.recordEntries === false ? { recordEntries: false } : {}),
    };
  }

  /** Payloads that never expire have expiresAt null, which no `lt` matches. */
  async removeExpiredBefore(cutoff: Date): Promise<number> {
    const _ = this.db.command;
    const result = await this.collection.read((c) => c.where({ expiresAt: _.lt(cutoff) }).remove(), { stats: { removed: 0 } });
    return result.stats.removed;
  }
}

function pairsOf(data: SceneData): SceneEntry[] {
  return Object.keys(data).sort().map((name): SceneEntry => [name, data[name]]);
}

/** `data` when every name can be a database field name, else `entries` */
function payloadFields(data: SceneData): Pick<SceneDocument, 'data' | 'entries'> {
  return Object.keys(data).every(isDatabaseFieldName) ? { data } : { entries: pairsOf(data) };
}

/** The payload in either shape; a damaged one is handed on as it is, for resolveScene to call it damaged. */
function payloadOf(doc: Partial<SceneDocument>): SceneData | null {
  if (Array.isArray(doc.entries)) {
    const data: SceneData = {};
    for (const entry of doc.entries as unknown[]) {
      // defineProperty: a damaged record naming __proto__ must not replace the object's prototype
      if (Array.isArray(entry) && typeof entry[0] === 'string') {
        Object.defineProperty(data, entry[0], { value: entry[1], enumerable: true, writable: true, configurable: true });
      }
    }
    return data;
  }
  return doc.data !== null && typeof doc.data === 'object' ? doc.data : null;
}

/** The database hands dates back as Date; JSON-backed emulators may give an ISO string or epoch milliseconds. */
function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : typeof value === 'number' || typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
