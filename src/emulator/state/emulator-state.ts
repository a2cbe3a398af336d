import { join } from 'node:path';
import { openDatabaseState, type DatabaseState } from './database-state';
import { openStorageState, type StorageState } from './storage-state';

export interface EmulatorState {
  storage: StorageState;
  database: DatabaseState;
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
  return {
    storage,
    database,
    dataDir,
    async reset() {
      await Promise.all([storage.clear(), database.clear()]);
    },
    async flush() {
      await Promise.all([storage.flush(), database.flush()]);
    },
  };
}
