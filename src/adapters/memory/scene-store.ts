import type { SceneData } from '../../core/scene/codec';
import type { SceneStore, StoredScene } from '../../core/scene/scene-store';

/** Stored scenes in a Map: for tests and the local emulator. Copies in and out, as a database would. */
export class MemorySceneStore implements SceneStore {
  private readonly records = new Map<string, StoredScene>();

  async put(key: string, data: SceneData, expiresAt?: Date): Promise<void> {
    this.records.set(key, expiresAt ? { data: { ...data }, expiresAt: new Date(expiresAt) } : { data: { ...data } });
  }

  async get(key: string): Promise<StoredScene | null> {
    const record = this.records.get(key);
    if (!record) return null;
    return record.expiresAt ? { data: { ...record.data }, expiresAt: new Date(record.expiresAt) } : { data: { ...record.data } };
  }

  /** How many payloads are kept, for tests that check nothing was stored. */
  get size(): number {
    return this.records.size;
  }
}
