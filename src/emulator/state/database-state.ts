import { EJSON } from 'bson';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readdirOrEmpty, removeLeftovers, WriteQueue, writeFileAtomic } from './atomic-file';
import { CollectionJournal, readJournal, type JournalOptions, type JournalRecord } from './journal';

export type Document = Record<string, unknown>;
export type DocumentId = string | number;

/**
 * Collections of the single emulated env. Reads get the live array from `documents()`; every change goes through
 * insert / replaceAt / removeAt, which apply it in memory and resolve once it is on disk.
 */
export interface DatabaseState {
  collectionNames(): string[];
  has(collection: string): boolean;
  create(collection: string): Promise<void>;
  /** the live document array in storage order (read only), or undefined when the collection was never created */
  documents(collection: string): readonly Document[] | undefined;
  /** the document with this _id, without scanning the collection */
  findById(collection: string, id: DocumentId): Document | undefined;
  /** appends documents whose _ids are new (the caller checked with findById) */
  insert(collection: string, docs: Document[]): Promise<void>;
  /** replaces the documents at these positions with new objects keeping their _ids */
  replaceAt(collection: string, changes: { index: number; doc: Document }[]): Promise<void>;
  removeAt(collection: string, indexes: number[]): Promise<void>;
  clear(): Promise<void>;
  /** waits for pending writes and closes the journal files (the next write opens its file again) */
  flush(): Promise<void>;
}

const SNAPSHOT_SUFFIX = '.collection.json';
const JOURNAL_SUFFIX = '.journal.ndjson';

interface Collection {
  docs: Document[];
  byId: Map<DocumentId, Document>;
}

/**
 * In memory, and when `dir` is given on disk as, per collection, a canonical-EJSON snapshot (keeps Dates, Longs,
 * ObjectIds) plus an append-only journal of the changes since. A write appends only its own documents, so it costs
 * the change, not the collection; the journal is folded into a new snapshot once it outgrows it (see journal.ts).
 */
export async function openDatabaseState(dir?: string, options: JournalOptions = {}): Promise<DatabaseState> {
  const collections = new Map<string, Collection>();
  const journals = new Map<string, CollectionJournal>();
  const queue = new WriteQueue();
  /** sizes of the snapshots found at start, so a journal is folded only once it outgrows its snapshot */
  const snapshotBytesAtStart = new Map<string, number>();
  if (dir) {
    for (const { name, docs, snapshotBytes } of await loadCollections(dir)) {
      collections.set(name, indexed(docs));
      snapshotBytesAtStart.set(name, snapshotBytes);
    }
  }

  const snapshotOf = (name: string) => join(dir ?? '', `${encodeURIComponent(name)}${SNAPSHOT_SUFFIX}`);
  const journalFileOf = (name: string) => join(dir ?? '', `${encodeURIComponent(name)}${JOURNAL_SUFFIX}`);
  const journalOf = (name: string) => {
    let journal = journals.get(name);
    if (!journal) {
      journal = new CollectionJournal(journalFileOf(name), () =>
        writeSnapshot(snapshotOf(name), name, collections.get(name)?.docs ?? []),
        options,
        snapshotBytesAtStart.get(name),
      );
      journals.set(name, journal);
    }
    return journal;
  };
  /** a collection's creation on its way to disk: its first writes wait for it, or its `rm` of an old journal could take them along */
  const creating = new Map<string, Promise<void>>();
  const record = async (name: string, records: JournalRecord[]) => {
    if (!dir) return;
    await creating.get(name)?.catch(() => undefined);
    await journalOf(name).append(records);
  };
  const collectionOf = (name: string) => {
    const collection = collections.get(name);
    if (!collection) throw new Error(`collection ${name} does not exist`);
    return collection;
  };

  return {
    collectionNames: () => [...collections.keys()].sort(),
    has: (name) => collections.has(name),
    async create(name) {
      if (collections.has(name)) return;
      collections.set(name, indexed([]));
      if (!dir) return;
      const created = queue.run(name, async () => {
        // a journal left by a dropped collection of the same name must not be replayed into the new one
        await rm(journalFileOf(name), { force: true });
        // the empty snapshot is what makes the collection exist after a restart
        await writeSnapshot(snapshotOf(name), name, []);
      });
      creating.set(name, created);
      try {
        await created;
      } finally {
        if (creating.get(name) === created) creating.delete(name);
      }
    },
    documents: (name) => collections.get(name)?.docs,
    findById: (name, id) => collections.get(name)?.byId.get(id),
    async insert(name, docs) {
      const collection = collectionOf(name);
      for (const doc of docs) {
        collection.docs.push(doc);
        collection.byId.set(doc._id as DocumentId, doc);
      }
      await record(name, docs.map((doc) => ({ put: doc })));
    },
    async replaceAt(name, changes) {
      const collection = collectionOf(name);
      for (const { index, doc } of changes) {
        collection.docs[index] = doc;
        collection.byId.set(doc._id as DocumentId, doc);
      }
      await record(name, changes.map(({ doc }) => ({ put: doc })));
    },
    async removeAt(name, indexes) {
      const collection = collectionOf(name);
      const removed = new Set(indexes);
      const ids = indexes.map((i) => collection.docs[i]._id as DocumentId);
      const kept = collection.docs.filter((_, i) => !removed.has(i));
      collection.docs.splice(0, collection.docs.length, ...kept);
      for (const id of ids) collection.byId.delete(id);
      await record(name, ids.map((id) => ({ del: id })));
    },
    async clear() {
      const names = [...collections.keys()];
      collections.clear();
      await Promise.all(
        names.map((name) =>
          queue.run(name, async () => {
            const journal = journals.get(name);
            journals.delete(name);
            await journal?.close();
            if (!dir) return;
            // the snapshot first: without it, a leftover journal belongs to no collection and is removed at start
            await rm(snapshotOf(name), { force: true });
            await rm(journalFileOf(name), { force: true });
          }),
        ),
      );
    },
    async flush() {
      await queue.drain();
      await Promise.all([...journals.values()].map((journal) => journal.close()));
    },
  };
}

function indexed(docs: Document[]): Collection {
  return { docs, byId: new Map(docs.map((doc) => [doc._id as DocumentId, doc])) };
}

async function writeSnapshot(file: string, name: string, docs: readonly Document[]): Promise<number> {
  const data = Buffer.from(EJSON.stringify({ name, documents: docs }, { relaxed: false }), 'utf8');
  await writeFileAtomic(file, data);
  return data.length;
}

/** Each collection's snapshot with its journal replayed over it; a journal without a snapshot is a dropped collection. */
async function loadCollections(dir: string): Promise<{ name: string; docs: Document[]; snapshotBytes: number }[]> {
  const names = await removeLeftovers(dir, await readdirOrEmpty(dir));
  const loaded: { name: string; docs: Document[]; snapshotBytes: number }[] = [];
  for (const file of names.filter((n) => n.endsWith(JOURNAL_SUFFIX))) {
    // a collection dropped by a reset that stopped between removing its snapshot and its journal
    if (!names.includes(`${file.slice(0, -JOURNAL_SUFFIX.length)}${SNAPSHOT_SUFFIX}`)) await rm(join(dir, file), { force: true });
  }
  for (const file of names.filter((n) => n.endsWith(SNAPSHOT_SUFFIX))) {
    const snapshotFile = join(dir, file);
    const journalFile = join(dir, `${file.slice(0, -SNAPSHOT_SUFFIX.length)}${JOURNAL_SUFFIX}`);
    let name: string;
    let byId: Map<DocumentId, Document>;
    let snapshotBytes: number;
    try {
      const text = await readFile(snapshotFile, 'utf8');
      snapshotBytes = Buffer.byteLength(text, 'utf8');
      const parsed = EJSON.parse(text, { relaxed: true }) as { name: string; documents: Document[] };
      if (typeof parsed.name !== 'string' || !Array.isArray(parsed.documents)) throw new Error('unexpected shape');
      name = parsed.name;
      byId = new Map(parsed.documents.map((doc) => [doc._id as DocumentId, doc]));
    } catch (err) {
      // Refuse to start rather than silently dropping someone's data.
      throw new Error(`cannot read stored collection ${snapshotFile}: ${(err as Error).message}`);
    }
    // Replaying is idempotent (put by _id, delete by _id), so records already folded into the snapshot by a
    // compaction that crashed before emptying the journal change nothing. A Map keeps first-insertion order,
    // which is the collection's storage order.
    for (const change of await readJournal(journalFile)) {
      if ('put' in change) byId.set(change.put._id as DocumentId, change.put);
      else byId.delete(change.del);
    }
    loaded.push({ name, docs: [...byId.values()], snapshotBytes });
  }
  return loaded;
}
