import { prepareScene } from '../../core/scene/prepare-scene';
import { resolveScene } from '../../core/scene/resolve-scene';
import type { CloudDatabase } from './cloud';
import { CloudDatabaseSceneStore, SCENE_COLLECTION } from './scene-store';

/** A fake CloudBase database holding documents per collection, refusing collections that were never created. */
class FakeDatabase {
  readonly collections = new Map<string, Map<string, Record<string, unknown>>>();
  createCalls = 0;
  /** simulates another instance creating the collection at the same moment */
  createFailsAsConcurrent = false;

  createCollection = async (name: string): Promise<unknown> => {
    this.createCalls++;
    if (!this.collections.has(name)) this.collections.set(name, new Map());
    if (this.createFailsAsConcurrent) throw Object.assign(new Error('collection already exists'), { errCode: -501001 });
    return {};
  };

  collection(name: string) {
    const table = () => {
      const found = this.collections.get(name);
      if (!found) throw Object.assign(new Error('errCode: -502005 database collection not exists'), { errCode: -502005 });
      return found;
    };
    return {
      doc: (id: string) => ({
        set: async ({ data }: { data: Record<string, unknown> }) => {
          table().set(id, { _id: id, ...data });
          return {};
        },
      }),
      where: (query: { _id: string }) => ({
        limit: () => ({
          get: async () => {
            const doc = table().get(query._id);
            return { data: doc ? [doc] : [] };
          },
        }),
      }),
    };
  }
}

function storeOn(db: FakeDatabase): CloudDatabaseSceneStore {
  return new CloudDatabaseSceneStore({ database: () => db as unknown as CloudDatabase });
}

const LONG = { title: '一个很长的标题，超过了三十二个字符的限制', orderId: 10086 };

describe('CloudDatabaseSceneStore', () => {
  it('creates wxacode_scenes on the first write and keeps the payload there', async () => {
    const db = new FakeDatabase();
    const store = storeOn(db);
    const { scene } = await prepareScene(LONG, store, { secret: 'k'.repeat(32) });
    expect(db.createCalls).toBe(1);
    expect(db.collections.get(SCENE_COLLECTION)?.get(scene)).toMatchObject({ data: LONG, expiresAt: null });
    await expect(resolveScene(encodeURIComponent(scene), store)).resolves.toEqual(LONG);
  });

  it('still writes when another instance created the collection first', async () => {
    const db = new FakeDatabase();
    db.createFailsAsConcurrent = true;
    const store = storeOn(db);
    await store.put('@CCCCCCCCCCCCCCCCCCCCCC', { a: 'x' });
    await expect(store.get('@CCCCCCCCCCCCCCCCCCCCCC')).resolves.toEqual({ data: { a: 'x' } });
  });

  it('reads a missing collection or document as nothing stored', async () => {
    const db = new FakeDatabase();
    const store = storeOn(db);
    await expect(store.get('@DDDDDDDDDDDDDDDDDDDDDD')).resolves.toBeNull();
    await store.put('@EEEEEEEEEEEEEEEEEEEEEE', { a: 'x' });
    await expect(store.get('@DDDDDDDDDDDDDDDDDDDDDD')).resolves.toBeNull();
    expect(db.createCalls).toBe(1);
  });

  it('gives back the expiry as a Date, whether the database returns a Date or an ISO string', async () => {
    const db = new FakeDatabase();
    const store = storeOn(db);
    const expiresAt = new Date('2030-01-01T00:00:00Z');
    await store.put('@FFFFFFFFFFFFFFFFFFFFFF', { a: 1 }, expiresAt);
    await expect(store.get('@FFFFFFFFFFFFFFFFFFFFFF')).resolves.toEqual({ data: { a: 1 }, expiresAt });
    db.collections.get(SCENE_COLLECTION)?.set('@GGGGGGGGGGGGGGGGGGGGGG', { data: { a: 1 }, expiresAt: expiresAt.toISOString() });
    await expect(store.get('@GGGGGGGGGGGGGGGGGGGGGG')).resolves.toEqual({ data: { a: 1 }, expiresAt });
  });

  it('keeps field names the database would read as paths or operators as [name, value] entries, and reads them back', async () => {
    const db = new FakeDatabase();
    const store = storeOn(db);
    const data = { 'a.b': 1, $set: '值', 中文键: true };
    const { scene } = await prepareScene(data, store, { secret: 'k'.repeat(32) });
    const document = db.collections.get(SCENE_COLLECTION)?.get(scene);
    expect(document).toMatchObject({ entries: [['$set', '值'], ['a.b', 1], ['中文键', true]], expiresAt: null });
    expect(document).not.toHaveProperty('data');
    await expect(resolveScene(encodeURIComponent(scene), store)).resolves.toEqual(data);
  });

  it('stores names that are safe database fields (Chinese, spaces, emoji) as a plain data object', async () => {
    const db = new FakeDatabase();
    const store = storeOn(db);
    const data = { 中文键: '值', 'a b': 1, '🙂': true };
    const { scene, sceneMode } = await prepareScene(data, store, { secret: 'k'.repeat(32) });
    expect(sceneMode).toBe('stored');
    expect(db.collections.get(SCENE_COLLECTION)?.get(scene)).toMatchObject({ data });
    await expect(resolveScene(scene, store)).resolves.toEqual(data);
  });

  it('reads a damaged entries record naming __proto__ as damaged, without touching any prototype', async () => {
    const db = new FakeDatabase();
    const store = storeOn(db);
    await store.put('@IIIIIIIIIIIIIIIIIIIIII', { a: 1 });
    db.collections.get(SCENE_COLLECTION)?.set('@IIIIIIIIIIIIIIIIIIIIII', { entries: [['__proto__', { polluted: true }]], expiresAt: null });
    await expect(resolveScene('@IIIIIIIIIIIIIIIIIIIIII', store)).rejects.toMatchObject({ errCode: -700003 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('passes on database errors other than a missing collection', async () => {
    const db = new FakeDatabase();
    const store = storeOn(db);
    db.collection = () => {
      throw Object.assign(new Error('permission denied'), { errCode: -502003 });
    };
    await expect(store.put('@HHHHHHHHHHHHHHHHHHHHHH', { a: 1 })).rejects.toMatchObject({ errCode: -502003 });
    expect(db.createCalls).toBe(0);
  });
});
