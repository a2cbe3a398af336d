import { join } from 'node:path';
import { openDatabaseState, type DatabaseState } from './database-state';
import { openLinksState, type LinksState } from './links-state';
import { openStorageState, type StorageState } from './storage-state';

export interface EmulatorState {
  storage: StorageState;
  database: DatabaseState;
  /** the links the emulated WeChat made (URL Link, URL Scheme, Short Link) and its daily link counts */
  links: LinksState;
  /** where the state lives on disk, undefined when in memory */
  dataDir: string | undefined;
  /** forgets every file and collection (on disk too) */
  reset(): Promise<void>;
  flush(): Promise<void>;
}

/** `dataDir` undefined keeps everything in memory. */
export async function openEmulatorState(dataDir: string | undefined): Promise<EmulatorState> {
  const storage = await openStorageState(dataDir && join(dataDir, 'storage'));
  const database = await openDatabaseState(dataDir && join(dataDir, 'database'));
  const links = await openLinksState(dataDir && join(dataDir, 'wechat-links'));
  return {
    storage,
    database,
    links,
    dataDir,
    async reset() {
      await Promise.all([storage.clear(), database.clear(), links.clear()]);
    },
    async flush() {
      await Promise.all([storage.flush(), database.flush(), links.flush()]);
    },
  };
}
