import type { CodeIndex, CodeRecord } from '../../core/ports';
import type { CloudDatabase } from './cloud';
import { SelfCreatingCollection } from './collection';

export const CODE_INDEX_COLLECTION = 'wxacode_codes';

/** The cache index in a CloudBase collection, one document per code, `_id` = the content hash. */
export class CloudCodeIndex implements CodeIndex {
  private readonly collection: SelfCreatingCollection;

  constructor(db: CloudDatabase, name = CODE_INDEX_COLLECTION) {
    this.collection = new SelfCreatingCollection(db, name);
  }

  async find(key: string): Promise<CodeRecord | null> {
    // where() rather than doc().get(): a missing document is an empty list, not an exception
    const docs = await this.collection.read((c) => c.where({ _id: key }).limit(1).get().then((r) => r.data), []);
    const doc = docs[0];
    if (!doc || typeof doc.fileID !== 'string') return null;
    return doc as unknown as CodeRecord;
  }

  async save(record: CodeRecord): Promise<void> {
    const { _id, ...data } = record;
    await this.collection.write((c) => c.doc(_id).set({ data }));
  }
}
