import type { ExpiringStore } from '../../core/housekeeping/housekeeping';
import type { SceneData } from '../../core/scene/codec';
import type { SceneStore, StoredScene } from '../../core/scene/scene-store';
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
}

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

  async put(key: string, data: SceneData, expiresAt?: Date): Promise<void> {
    const payload: Pick<SceneDocument, 'data' | 'entries'> = Object.keys(data).every(isDatabaseFieldName)
      ? { data }
      : { entries: Object.keys(data).sort().map((name): SceneEntry => [name, data[name]]) };
    const document: SceneDocument = { ...payload, expiresAt: expiresAt ?? null, updatedAt: new Date() };
    await this.collection.write((c) => c.doc(key).set({ data: { ...document } }));
  }

  async get(key: string): Promise<StoredScene | null> {
    const doc = (await this.collection.findById(key)) as Partial<SceneDocument> | null;
    const data = doc ? payloadOf(doc) : null;
    if (!doc || !data) return null;
    const expiresAt = toDate(doc.expiresAt);
    return expiresAt ? { data, expiresAt } : { data };
  }

  /** Payloads that never expire have expiresAt null, which no `lt` matches. */
  async removeExpiredBefore(cutoff: Date): Promise<number> {
    const _ = this.db.command;
    const result = await this.collection.read((c) => c.where({ expiresAt: _.lt(cutoff) }).remove(), { stats: { removed: 0 } });
    return result.stats.removed;
  }
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
