import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { readdirOrEmpty, removeLeftovers, renameIntoPlace, WriteQueue, writeSyncedTemp } from './atomic-file';

export interface StoredFile {
  cloudPath: string;
  bytes: Buffer;
  contentType: string;
  uploadedAt: number;
}

/** Cloud storage objects of the single emulated env, keyed by cloudPath. */
export interface StorageState {
  put(file: StoredFile): Promise<void>;
  get(cloudPath: string): StoredFile | undefined;
  delete(cloudPath: string): Promise<boolean>;
  list(): StoredFile[];
  clear(): Promise<void>;
  /** waits for pending disk writes */
  flush(): Promise<void>;
}

interface FileMeta {
  cloudPath: string;
  contentType: string;
  uploadedAt: number;
  size: number;
}

/**
 * In memory, and when `dir` is given also on disk: `<sha256(cloudPath)>.bin` holds the bytes and
 * `.json` the metadata. cloudPaths may hold any character, hence the hash as the file name. The
 * .json is written after the .bin and removed before it, so a listed object always has its bytes.
 */
export async function openStorageState(dir?: string): Promise<StorageState> {
  const files = new Map<string, StoredFile>();
  const queue = new WriteQueue();
  if (dir) for (const file of await loadFiles(dir)) files.set(file.cloudPath, file);
  const base = (cloudPath: string) => join(dir ?? '', createHash('sha256').update(cloudPath).digest('hex'));

  return {
    async put(file) {
      files.set(file.cloudPath, file);
      if (!dir) return;
      const meta: FileMeta = {
        cloudPath: file.cloudPath,
        contentType: file.contentType,
        uploadedAt: file.uploadedAt,
        size: file.bytes.length,
      };
      await queue.run(file.cloudPath, async () => {
        const stem = base(file.cloudPath);
        // both written and fsync'ed at once (one disk wait, not two), then renamed .bin first: a crash between the
        // renames leaves bytes without metadata, which the next start removes, never metadata without its bytes
        const written = await Promise.allSettled([writeSyncedTemp(`${stem}.bin`, file.bytes), writeSyncedTemp(`${stem}.json`, JSON.stringify(meta))]);
        const failed = written.find((w): w is PromiseRejectedResult => w.status === 'rejected');
        if (failed) {
          for (const w of written) if (w.status === 'fulfilled') await rm(w.value, { force: true });
          throw failed.reason;
        }
        const [bin, json] = written.map((w) => (w as PromiseFulfilledResult<string>).value);
        await renameIntoPlace(bin, `${stem}.bin`);
        await renameIntoPlace(json, `${stem}.json`);
      });
    },
    get: (cloudPath) => files.get(cloudPath),
    async delete(cloudPath) {
      const existed = files.delete(cloudPath);
      if (existed && dir) {
        await queue.run(cloudPath, async () => {
          await rm(`${base(cloudPath)}.json`, { force: true });
          await rm(`${base(cloudPath)}.bin`, { force: true });
        });
      }
      return existed;
    },
    list: () => [...files.values()],
    async clear() {
      const paths = [...files.keys()];
      files.clear();
      if (dir) await Promise.all(paths.map((p) => queue.run(p, async () => {
        await rm(`${base(p)}.json`, { force: true });
        await rm(`${base(p)}.bin`, { force: true });
      })));
    },
    flush: () => queue.drain(),
  };
}

async function loadFiles(dir: string): Promise<StoredFile[]> {
  const listed = await readdirOrEmpty(dir);
  const metas = new Set(listed.filter((n) => n.endsWith('.json')));
  // put() writes the .bin before the .json: a .bin alone is an upload that never completed, invisible and unowned
  const names = await removeLeftovers(dir, listed, (n) => n.endsWith('.bin') && !metas.has(`${n.slice(0, -'.bin'.length)}.json`));
  const loaded: StoredFile[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const stem = join(dir, name.slice(0, -'.json'.length));
    try {
      const meta = JSON.parse(await readFile(`${stem}.json`, 'utf8')) as FileMeta;
      const bytes = await readFile(`${stem}.bin`);
      if (bytes.length !== meta.size) throw new Error(`size ${bytes.length} != ${meta.size}`);
      loaded.push({ cloudPath: meta.cloudPath, contentType: meta.contentType, uploadedAt: meta.uploadedAt, bytes });
    } catch (err) {
      console.warn(`[emulator] skipping unreadable stored file ${stem}: ${(err as Error).message}`);
    }
  }
  return loaded;
}
