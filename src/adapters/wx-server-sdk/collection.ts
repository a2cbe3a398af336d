import type { CloudCollection, CloudDatabase } from './cloud';

/** CloudBase's code for a collection that does not exist yet. */
export const COLLECTION_MISSING = -502005;

export function errCodeOf(error: unknown): number | undefined {
  const code = (error as { errCode?: unknown } | null)?.errCode;
  return typeof code === 'number' ? code : undefined;
}

/**
 * A collection that creates itself on first write: CloudBase refuses writes to a missing collection
 * (-502005), and asking teams to create it by hand in the console is a step they would forget.
 */
export class SelfCreatingCollection {
  constructor(
    private readonly db: CloudDatabase,
    readonly name: string,
  ) {}

  get ref(): CloudCollection {
    return this.db.collection(this.name);
  }

  /** Reads; a missing collection reads as empty. */
  async read<T>(operation: (c: CloudCollection) => Promise<T>, whenMissing: T): Promise<T> {
    try {
      return await operation(this.ref);
    } catch (error) {
      if (errCodeOf(error) === COLLECTION_MISSING) return whenMissing;
      throw error;
    }
  }

  /**
   * The document with this `_id`, or null. where() rather than doc().get(): a missing document is an empty list,
   * not an exception, and a missing collection reads as no document.
   */
  async findById(id: string): Promise<Record<string, unknown> | null> {
    const docs = await this.read((c) => c.where({ _id: id }).limit(1).get().then((r) => r.data), []);
    return docs[0] ?? null;
  }

  /** Writes; creates the collection once if missing (tolerating a concurrent creator) and retries. */
  async write<T>(operation: (c: CloudCollection) => Promise<T>): Promise<T> {
    try {
      return await operation(this.ref);
    } catch (error) {
      if (errCodeOf(error) !== COLLECTION_MISSING) throw error;
    }
    try {
      await this.db.createCollection(this.name);
    } catch {
      // Another instance may have created it between our write and now; the retry below tells.
    }
    return operation(this.ref);
  }
}

/** CloudBase answers an insert of an existing `_id` with -502001 "duplicate key" */
export function isDuplicateKey(error: unknown): boolean {
  const { errCode, message, errMsg } = (error ?? {}) as { errCode?: unknown; message?: unknown; errMsg?: unknown };
  return errCode === -502001 || /duplicate key/i.test(`${String(message ?? '')} ${String(errMsg ?? '')}`);
}
