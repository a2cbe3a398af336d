import type { CloudDatabase } from './cloud';
import { CloudCodeIndex } from './code-index';

const KEY = 'a'.repeat(64);

/**
 * wxacode_codes as CloudBase answers it, where another instance holds the claim when we insert and releases it
 * before we read it back: the race between a failed attempt's release and a waiter's takeover.
 */
function databaseWithClaimReleasedMidway(): { db: CloudDatabase; docs: Map<string, Record<string, unknown>> } {
  const docs = new Map<string, Record<string, unknown>>([[KEY, { _id: KEY, claimedAt: 1 }]]);
  let releaseOnNextRead = true;
  const collection = {
    add: async ({ data }: { data: Record<string, unknown> }) => {
      const id = String(data._id);
      if (docs.has(id)) {
        throw Object.assign(new Error(`collection.add:fail -502001 database request fail. duplicate key: ${id}`), { errCode: -502001 });
      }
      docs.set(id, data);
      return { _id: id };
    },
    where: (query: { _id: string }) => ({
      limit: () => ({
        get: async () => {
          if (releaseOnNextRead) {
            releaseOnNextRead = false;
            docs.delete(query._id); // the holder's attempt failed and released its claim just now
          }
          const doc = docs.get(query._id);
          return { data: doc ? [doc] : [] };
        },
      }),
    }),
  };
  const db = { collection: () => collection, createCollection: async () => ({}) } as unknown as CloudDatabase;
  return { db, docs };
}

const claimAt = (claimedAt: number) => ({ _id: KEY, api: 'wxacode.get' as const, cloudPath: `wxacode/get/ab/${KEY}.jpg`, contentType: 'image/jpeg', claimedAt });

describe('CloudCodeIndex.claim', () => {
  it('takes a claim released between its refused insert and its read, instead of failing with -502001', async () => {
    const { db, docs } = databaseWithClaimReleasedMidway();
    await expect(new CloudCodeIndex(db).claim(claimAt(1000), 30_000)).resolves.toBe(true);
    expect(docs.get(KEY)).toEqual(claimAt(1000));
  });

  it('still reports an insert that failed for another reason', async () => {
    const failing = {
      add: async () => {
        throw Object.assign(new Error('database request fail. permission denied'), { errCode: -502003 });
      },
      where: () => ({ limit: () => ({ get: async () => ({ data: [] }) }) }),
    };
    const db = { collection: () => failing, createCollection: async () => ({}) } as unknown as CloudDatabase;
    await expect(new CloudCodeIndex(db).claim(claimAt(1000), 30_000)).rejects.toMatchObject({ errCode: -502003 });
  });
});
