import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * Writes via a temp file in the same folder, fsync, then rename: a crash leaves either the old
 * file or the new one, never a half-written one.
 */
export async function writeFileAtomic(file: string, data: Buffer | string): Promise<void> {
  await renameIntoPlace(await writeSyncedTemp(file, data), file);
}

/**
 * The first half of writeFileAtomic: the data in a temp file beside `file`, on disk (fsync'ed), not yet visible.
 * Several of them can be written at once (their fsyncs overlap) and renamed into place in the order that keeps the
 * state consistent (see storage-state's put).
 */
export async function writeSyncedTemp(file: string, data: Buffer | string): Promise<string> {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await openCreatingFolder(tmp);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  return tmp;
}

export async function renameIntoPlace(tmp: string, file: string): Promise<void> {
  await rename(tmp, file);
}

/** the folder is made on the first write into it (or again if it was removed), not checked before every write */
async function openCreatingFolder(file: string): Promise<FileHandle> {
  try {
    return await open(file, 'w');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dirname(file), { recursive: true });
    return open(file, 'w');
  }
}

/**
 * Serialises writes per file. Each job reads the in-memory state when it runs, so a burst of
 * mutations ends with the latest snapshot on disk even if an earlier write was still in flight.
 */
export class WriteQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run(key: string, job: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(job);
    this.tails.set(key, next);
    void next.finally(() => {
      if (this.tails.get(key) === next) this.tails.delete(key);
    }).catch(() => undefined);
    return next;
  }

  /** resolves once every queued write has settled */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.tails.values()]);
  }
}

/** The names in a folder, or none when the folder does not exist yet (a fresh data folder). */
export async function readdirOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** A temp file of writeFileAtomic that was never renamed: the write it belonged to was interrupted. */
export const isInterruptedWrite = (name: string): boolean => name.endsWith('.tmp');

/**
 * Removes what writes cut short by a crash (SIGKILL, power loss) left in `dir`: their temp files, and whatever
 * else `isLeftover` recognises among the names. Returns the names that remain.
 */
export async function removeLeftovers(dir: string, names: string[], isLeftover: (name: string) => boolean = () => false): Promise<string[]> {
  const remaining: string[] = [];
  for (const name of names) {
    if (isInterruptedWrite(name) || isLeftover(name)) await rm(join(dir, name), { force: true });
    else remaining.push(name);
  }
  return remaining;
}
