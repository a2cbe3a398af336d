import type { CodeIndex, CodeRecord } from '../../core/ports';
import type { CloudDatabase } from './cloud';
import { SelfCreatingCollection } from './collection';

export const CODE_INDEX_COLLECTION = 'wxacode_codes';

/** The cache index in a CloudBase collection, one document per code, `_id` = the content hash. */
export class CloudCodeIndex implements CodeIndex {
  private readonly collection: SelfCreatingCollection;

  constructor(
    private readonly db: CloudDatabase,
    name = CODE_INDEX_COLLECTION,
  ) {
    this.collection = new SelfCreatingCollection(db, name);
  }

  async find(key: string): Promise<CodeRecord | null> {
    const doc = await this.collection.findById(key);
    if (!doc || typeof doc.fileID !== 'string') return null;
    return doc as unknown as CodeRecord;
  }

  async save(record: CodeRecord): Promise<void> {
    const { _id, ...data } = record;
    await this.collection.write((c) => c.doc(_id).set({ data }));
  }

  /**
   * A claim is a document with the code's `_id` and no fileID. Inserting it is atomic (a second insert of the same
   * `_id` fails), and a stale claim is taken over only where its claimedAt is still the one read, so two instances
   * never both win.
   */
  async claim(key: string, now: number, staleAfterMs: number): Promise<boolean> {
    // A claim released between our refused insert and our read leaves no document: that is a free claim, so try
    // again (a few times, as others may be racing for it too) instead of failing this request.
    for (let attempt = 0; attempt < CLAIM_INSERT_ATTEMPTS; attempt++) {
      let insertError: unknown;
      try {
        await this.collection.write((c) => c.add({ data: { _id: key, claimedAt: now } }));
        return true;
      } catch (error) {
        insertError = error;
      }
      const doc = await this.collection.findById(key);
      if (!doc) {
        if (isDuplicateKey(insertError)) continue;
        throw insertError;
      }
      if (typeof doc.fileID === 'string') return false;
      if (now - Number(doc.claimedAt) < staleAfterMs) return false;
      const taken = await this.collection.ref.where({ _id: key, claimedAt: doc.claimedAt }).update({ data: { claimedAt: now } });
      return taken.stats.updated === 1;
    }
    // still contended: the caller polls again
    return false;
  }

  async release(key: string): Promise<void> {
    const _ = this.db.command;
    await this.collection.read((c) => c.where({ _id: key, fileID: _.exists(false) }).remove(), undefined);
  }
}

const CLAIM_INSERT_ATTEMPTS = 3;

/** CloudBase answers an insert of an existing `_id` with -502001 "duplicate key" */
function isDuplicateKey(error: unknown): boolean {
  const { errCode, message, errMsg } = (error ?? {}) as { errCode?: unknown; message?: unknown; errMsg?: unknown };
  return errCode === -502001 || /duplicate key/i.test(`${String(message ?? '')} ${String(errMsg ?? '')}`);
}
