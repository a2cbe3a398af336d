import { EJSON } from 'bson';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readdirOrEmpty, removeLeftovers, WriteQueue, writeFileAtomic } from './atomic-file';

export type Document = Record<string, unknown>;

/**
 * Collections of the single emulated env. Handlers mutate the live arrays from `documents()` and
 * then `commit()`; persistence snapshots the whole collection, which is plenty for local data.
 */
export interface DatabaseState {
  collectionNames(): string[];
  has(collection: string): boolean;
  create(collection: string): Promise<void>;
  /** the live document array, or undefined when the collection was never created */
  documents(collection: string): Document[] | undefined;
  commit(collection: string): Promise<void>;
  clear(): Promise<void>;
  flush(): Promise<void>;
}

const SUFFIX = '.collection.json';

/** In memory, and when `dir` is given one canonical-EJSON file per collection (keeps Dates, Longs, ObjectIds). */
export async function openDatabaseState(dir?: string): Promise<DatabaseState> {
  const collections = new Map<string, Document[]>(dir ? await loadCollections(dir) : []);
  const queue = new WriteQueue();
  const fileOf = (name: string) => join(dir ?? '', `${encodeURIComponent(name)}${SUFFIX}`);
  const persist = (name: string) => {
    if (!dir) return Promise.resolve();
    return queue.run(name, async () => {
      const docs = collections.get(name);
      if (docs === undefined) await rm(fileOf(name), { force: true });
      else await writeFileAtomic(fileOf(name), EJSON.stringify({ name, documents: docs }, { relaxed: false }));
    });
  };

  return {
    collectionNames: () => [...collections.keys()].sort(),
    has: (name) => collections.has(name),
    async create(name) {
      if (!collections.has(name)) collections.set(name, []);
      await persist(name);
    },
    documents: (name) => collections.get(name),
    commit: persist,
    async clear() {
      const names = [...collections.keys()];
      collections.clear();
      await Promise.all(names.map(persist));
    },
    flush: () => queue.drain(),
  };
}

async function loadCollections(dir: string): Promise<[string, Document[]][]> {
  const names = await removeLeftovers(dir, await readdirOrEmpty(dir));
  const loaded: [string, Document[]][] = [];
  for (const file of names.filter((n) => n.endsWith(SUFFIX))) {
    try {
      const parsed = EJSON.parse(await readFile(join(dir, file), 'utf8'), { relaxed: true }) as {
        name: string;
        documents: Document[];
      };
      if (typeof parsed.name !== 'string' || !Array.isArray(parsed.documents)) throw new Error('unexpected shape');
      loaded.push([parsed.name, parsed.documents]);
    } catch (err) {
      // Refuse to start rather than silently dropping someone's data.
      throw new Error(`cannot read stored collection ${join(dir, file)}: ${(err as Error).message}`);
    }
  }
  return loaded;
}
