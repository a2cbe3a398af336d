import type { CodeIndex, CodeRecord } from '../../core/ports';
import type { CloudDatabase } from './cloud';
import { isDuplicateKey, SelfCreatingCollection } from './collection';

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

  /**
   * A claim is the code's document, inserted with the code's `_id`. Inserting is atomic (a second insert of the same
   * `_id` fails), and a stale document is taken over only where its claimedAt is still the one read, so two
   * instances never both win. The document stays once the code is made; a later request only gets here when the
   * code's file is gone, so an old document is one to take over.
   */
  async claim(record: CodeRecord, staleAfterMs: number): Promise<boolean> {
    const { _id, ...data } = record;
    // A claim released between our refused insert and our read leaves no document: that is a free claim, so try
    // again (a few times, as others may be racing for it too) instead of failing this request.
    for (let attempt = 0; attempt < CLAIM_INSERT_ATTEMPTS; attempt++) {
      let insertError: unknown;
      try {
        await this.collection.write((c) => c.add({ data: { _id, ...data } }));
        return true;
      } catch (error) {
        insertError = error;
      }
      const doc = await this.collection.findById(_id);
      if (!doc) {
        if (isDuplicateKey(insertError)) continue;
        throw insertError;
      }
      if (record.claimedAt - Number(doc.claimedAt) < staleAfterMs) return false;
      // a document of the earlier format (a record with fileID and createdAt) has no claimedAt: NaN, so it is taken over
      const held = doc.claimedAt === undefined ? { _id, claimedAt: this.db.command.exists(false) } : { _id, claimedAt: doc.claimedAt };
      const taken = await this.collection.ref.where(held).update({ data });
      return taken.stats.updated === 1;
    }
    // still contended: the caller polls again
    return false;
  }

  /** one insert of all the claims: the database takes all of them or, when any `_id` exists, none */
  async claimMany(records: readonly CodeRecord[], staleAfterMs: number): Promise<Set<string>> {
    if (records.length === 0) return new Set();
    try {
      await this.collection.write((c) => c.add({ data: records.map((record) => ({ ...record })) as unknown as Record<string, unknown> }));
      return new Set(records.map((record) => record._id));
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const got = new Set<string>();
    for (const record of records) if (await this.claim(record, staleAfterMs)) got.add(record._id);
    return got;
  }

  async release(key: string, claimedAt: number): Promise<void> {
    await this.collection.read((c) => c.where({ _id: key, claimedAt }).remove(), undefined);
  }

  async save(record: CodeRecord): Promise<void> {
    const { _id, ...data } = record;
    await this.collection.write((c) => c.doc(_id).set({ data }));
  }
}

const CLAIM_INSERT_ATTEMPTS = 3;
