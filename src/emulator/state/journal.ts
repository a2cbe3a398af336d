import { EJSON } from 'bson';
import { open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import type { Document, DocumentId } from './database-state';

/** One change to a collection: a document as it now is, or the _id of one removed. */
export type JournalRecord = { put: Document } | { del: DocumentId };

export interface JournalOptions {
  /** a journal shorter than this is never folded into the snapshot: rewriting a small collection gains nothing */
  minCompactBytes?: number;
}

const MIN_COMPACT_BYTES = 1024 * 1024;

/**
 * A collection's append-only change log: one canonical-EJSON record per line. A write is acknowledged once its
 * lines are written and fdatasync'ed. Writes that arrive while one is on its way to disk are grouped into the next
 * write (one fdatasync for all), so concurrent callers do not queue behind each other's syncs.
 *
 * When the journal grows past both minCompactBytes (1 MiB) and the last snapshot's size, `compact` writes a new snapshot
 * of the in-memory collection (atomically) and the journal is emptied. Replaying is idempotent, so a crash between
 * the two only replays records the snapshot already holds; rewriting a snapshot at most once per its own size in
 * appended bytes keeps the cost of a write proportional to the change.
 */
export class CollectionJournal {
  private pending: { lines: string; settle: { resolve: () => void; reject: (err: Error) => void }[] } | undefined;
  private writing: Promise<void> | undefined;
  private handle: Promise<FileHandle> | undefined;
  private bytes: number | undefined;
  private snapshotBytes: number;

  constructor(
    readonly file: string,
    /** writes the collection's snapshot as it is in memory now, resolving with its size in bytes */
    private readonly compact: () => Promise<number>,
    private readonly options: JournalOptions = {},
    /** the size of the snapshot on disk when the journal is opened */
    snapshotBytes = 0,
  ) {
    this.snapshotBytes = snapshotBytes;
  }

  append(records: JournalRecord[]): Promise<void> {
    const lines = records.map((record) => `${EJSON.stringify(record, { relaxed: false })}\n`).join('');
    return new Promise((resolve, reject) => {
      this.pending ??= { lines: '', settle: [] };
      this.pending.lines += lines;
      this.pending.settle.push({ resolve, reject });
      this.writing ??= this.writeLoop();
    });
  }

  /** resolves once nothing is waiting to be written */
  async idle(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** closes the file; the next append opens it again */
  async close(): Promise<void> {
    await this.idle();
    const handle = this.handle;
    this.handle = undefined;
    this.bytes = undefined;
    if (handle) await (await handle).close();
  }

  private async writeLoop(): Promise<void> {
    try {
      while (this.pending) {
        const batch = this.pending;
        this.pending = undefined;
        try {
          const handle = await this.openHandle();
          const data = Buffer.from(batch.lines, 'utf8');
          await handle.write(data);
          await handle.datasync();
          this.bytes = (this.bytes ?? 0) + data.length;
          if (this.bytes > Math.max(this.options.minCompactBytes ?? MIN_COMPACT_BYTES, this.snapshotBytes)) {
            this.snapshotBytes = await this.compact();
            await handle.truncate(0);
            await handle.datasync();
            this.bytes = 0;
          }
          batch.settle.forEach(({ resolve }) => resolve());
        } catch (err) {
          batch.settle.forEach(({ reject }) => reject(err as Error));
        }
      }
    } finally {
      this.writing = undefined;
    }
  }

  private openHandle(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    const opening = (async () => {
      const handle = await open(this.file, 'a');
      this.bytes = (await handle.stat()).size;
      return handle;
    })();
    // a failed open is not kept: the next write tries again
    opening.catch(() => {
      if (this.handle === opening) this.handle = undefined;
    });
    this.handle = opening;
    return opening;
  }
}

/**
 * The records of a journal, oldest first; none when it does not exist. A last line without its newline is a write
 * that never completed, so it was never acknowledged: it is cut off (with a warning) so later appends start on a
 * clean line. Any other unreadable line means the file is damaged, and the emulator refuses to start rather than
 * drop data.
 */
export async function readJournal(file: string): Promise<JournalRecord[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const complete = text.lastIndexOf('\n') + 1;
  if (complete < text.length) {
    console.warn(`[emulator] ${file}: dropping an unfinished last write (${text.length - complete} bytes, never acknowledged)`);
    await truncate(file, Buffer.byteLength(text.slice(0, complete), 'utf8'));
  }
  const records: JournalRecord[] = [];
  const lines = text.slice(0, complete).split('\n');
  lines.pop();
  lines.forEach((line, i) => {
    try {
      const record = EJSON.parse(line, { relaxed: true }) as JournalRecord;
      if ('put' in record ? typeof record.put !== 'object' || record.put === null : !('del' in record)) throw new Error('unexpected shape');
      records.push(record);
    } catch (err) {
      throw new Error(`cannot read stored collection journal ${file}, line ${i + 1}: ${(err as Error).message}`);
    }
  });
  return records;
}
