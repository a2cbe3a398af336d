import type { CodeDirectory } from '../../core/admin/admin-handler';
import { BATCH_ITEMS_COLLECTION } from './batch-store';
import type { CloudDatabase } from './cloud';
import { SelfCreatingCollection } from './collection';

const PAGE = 1000;
const SCENES_PER_READ = 200;

/** The codes batch jobs made, read from their items (`wxacode_batch_items`): scene and label of each. */
export class CloudCodeDirectory implements CodeDirectory {
  private readonly items: SelfCreatingCollection;

  constructor(
    private readonly db: CloudDatabase,
    name = BATCH_ITEMS_COLLECTION,
  ) {
    this.items = new SelfCreatingCollection(db, name);
  }

  async codesOf(filter: { jobId?: string; label?: string }): Promise<{ scene: string; label: string }[]> {
    const _ = this.db.command;
    const rows = await this.readAll({ ...filter, scene: _.exists(true) });
    const seen = new Set<string>();
    return rows
      .filter((row) => typeof row.scene === 'string' && row.scene !== '' && !seen.has(row.scene) && seen.add(row.scene))
      .map((row) => ({ scene: row.scene as string, label: String(row.label) }));
  }

  async labelsOf(scenes: readonly string[]): Promise<Map<string, string>> {
    const _ = this.db.command;
    const labels = new Map<string, string>();
    for (let i = 0; i < scenes.length; i += SCENES_PER_READ) {
      for (const row of await this.readAll({ scene: _.in(scenes.slice(i, i + SCENES_PER_READ)) })) {
        if (typeof row.scene === 'string' && !labels.has(row.scene)) labels.set(row.scene, String(row.label));
      }
    }
    return labels;
  }

  /** items in job and index order (their _id), only the fields needed */
  private async readAll(query: Record<string, unknown>): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.items.read(async (c) => {
        let cursor = (c.where(query) as any).orderBy('_id', 'asc').field({ scene: true, label: true });
        if (offset) cursor = cursor.skip(offset);
        return (await cursor.limit(PAGE).get()) as { data: Record<string, unknown>[] };
      }, { data: [] });
      found.push(...page.data);
      if (page.data.length < PAGE) return found;
    }
  }
}
