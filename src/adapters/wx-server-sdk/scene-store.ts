import type { ExpiringStore } from '../../core/housekeeping/housekeeping';
import type { SceneData } from '../../core/scene/codec';
import type { SceneStore, StoredScene } from '../../core/scene/scene-store';
import type { CloudDatabase, CloudSdk } from './cloud';
import { SelfCreatingCollection } from './collection';

export const SCENE_COLLECTION = 'wxacode_scenes';

interface SceneDocument {
  data: SceneData;
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
    const document: SceneDocument = { data, expiresAt: expiresAt ?? null, updatedAt: new Date() };
    await this.collection.write((c) => c.doc(key).set({ data: { ...document } }));
  }

  async get(key: string): Promise<StoredScene | null> {
    const doc = (await this.collection.findById(key)) as Partial<SceneDocument> | null;
    if (!doc || doc.data === null || typeof doc.data !== 'object') return null;
    const expiresAt = toDate(doc.expiresAt);
    return expiresAt ? { data: doc.data, expiresAt } : { data: doc.data };
  }

  /** Payloads that never expire have expiresAt null, which no `lt` matches. */
  async removeExpiredBefore(cutoff: Date): Promise<number> {
    const _ = this.db.command;
    const result = await this.collection.read((c) => c.where({ expiresAt: _.lt(cutoff) }).remove(), { stats: { removed: 0 } });
    return result.stats.removed;
  }
}

/** The database hands dates back as Date; JSON-backed emulators may give an ISO string or epoch milliseconds. */
function toDate(value: unknown): Date | undefined {
  if (value === null || value === undefined) return undefined;
  const date = value instanceof Date ? value : typeof value === 'number' || typeof value === 'string' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
