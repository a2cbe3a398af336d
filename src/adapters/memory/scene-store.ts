import type { SceneData } from '../../core/scene/codec';
import type { SceneChange, ScenePatch, SceneStore, StoredScene, StoredSceneOptions } from '../../core/scene/scene-store';

interface Record_ extends StoredScene {
  history: SceneChange[];
}

/** Stored scenes in a Map: for tests and the local emulator. Copies in and out, as a database would. */
export class MemorySceneStore implements SceneStore {
  private readonly records = new Map<string, Record_>();

  async put(key: string, data: SceneData, expiresAt?: Date, options: StoredSceneOptions = {}): Promise<void> {
    this.records.set(key, {
      data: { ...data },
      ...(expiresAt ? { expiresAt: new Date(expiresAt) } : {}),
      ...(options.recordEntries === false ? { recordEntries: false } : {}),
      history: [],
    });
  }

  async get(key: string): Promise<StoredScene | null> {
    const record = this.records.get(key);
    if (!record) return null;
    return {
      data: { ...record.data },
      ...(record.expiresAt ? { expiresAt: new Date(record.expiresAt) } : {}),
      ...(record.page !== undefined ? { page: record.page } : {}),
      ...(record.disabled ? { disabled: { ...record.disabled } } : {}),
      ...(record.recordEntries === false ? { recordEntries: false } : {}),
    };
  }

  async amend(key: string, expiresAt: Date | undefined, options: StoredSceneOptions): Promise<void> {
    const record = this.records.get(key);
    if (!record) return;
    if (expiresAt) record.expiresAt = new Date(expiresAt);
    else delete record.expiresAt;
    if (options.recordEntries === false) record.recordEntries = false;
    else delete record.recordEntries;
  }

  async change(key: string, patch: ScenePatch, change: SceneChange): Promise<boolean> {
    const record = this.records.get(key);
    if (!record) return false;
    if (patch.data) record.data = { ...patch.data };
    if (patch.page === null) delete record.page;
    else if (patch.page !== undefined) record.page = patch.page;
    if (patch.disabled === null) delete record.disabled;
    else if (patch.disabled !== undefined) record.disabled = { ...patch.disabled };
    record.history.push(copyChange(change));
    return true;
  }

  async history(key: string): Promise<SceneChange[] | null> {
    const record = this.records.get(key);
    return record ? record.history.map(copyChange) : null;
  }

  /** How many payloads are kept, for tests that check nothing was stored. */
  get size(): number {
    return this.records.size;
  }
}

/** plain copies (structuredClone would hand back objects of another realm under jest) */
function copyChange(change: SceneChange): SceneChange {
  return { ...change, ...(change.data ? { data: { ...change.data } } : {}) };
}
