import type { ExpiringStore } from '../../core/housekeeping/housekeeping';
import type { LinkIndex, LinkRecord } from '../../core/ports';
import type { CloudDatabase } from './cloud';
import { isDuplicateKey, SelfCreatingCollection } from './collection';

export const LINK_INDEX_COLLECTION = 'wxacode_links';

/**
 * Links made, in a CloudBase collection: one document per normalized request (`_id` = its content hash) holding the
 * last link made and when it expires. Written only by cloud functions (no `_openid`), so clients never read it.
 */
export class CloudLinkIndex implements LinkIndex, ExpiringStore {
  private readonly collection: SelfCreatingCollection;

  constructor(
    private readonly db: CloudDatabase,
    name = LINK_INDEX_COLLECTION,
  ) {
    this.collection = new SelfCreatingCollection(db, name);
  }

  async get(key: string): Promise<LinkRecord | null> {
    const doc = await this.collection.findById(key);
    if (!doc) return null;
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    return {
      _id: key,
      api: doc.api as LinkRecord['api'],
      link: typeof doc.link === 'string' ? doc.link : null,
      expiresAt: num(doc.expiresAt),
      madeAt: num(doc.madeAt),
      makingSince: num(doc.makingSince) ?? 0,
    };
  }

  /** An insert for a new request (atomic: a second insert of the `_id` fails), else a compare-and-set on makingSince. */
  async claim(record: LinkRecord, seen: LinkRecord | null): Promise<boolean> {
    const { _id, ...data } = record;
    if (seen === null) {
      try {
        await this.collection.write((c) => c.add({ data: { _id, ...data } }));
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    }
    const taken = await this.collection.ref.where({ _id, makingSince: seen.makingSince }).update({ data: { makingSince: record.makingSince } });
    return taken.stats.updated === 1;
  }

  async release(key: string, makingSince: number): Promise<void> {
    await this.collection.read((c) => c.where({ _id: key, makingSince }).update({ data: { makingSince: 0 } }), undefined);
  }

  async save(record: LinkRecord): Promise<void> {
    const { _id, ...data } = record;
    await this.collection.write((c) => c.doc(_id).set({ data }));
  }

  /** Documents of links that expired before the cutoff (never a permanent one: its expiresAt is null). One request. */
  async removeExpiredBefore(cutoff: Date): Promise<number> {
    const _ = this.db.command;
    const result = await this.collection.read((c) => c.where({ expiresAt: _.gt(0).and(_.lt(cutoff.getTime())) }).remove(), { stats: { removed: 0 } });
    return result.stats.removed;
  }
}

