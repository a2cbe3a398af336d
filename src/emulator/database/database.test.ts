import { blockedConnections, startTestEmulator, type TestEmulator } from '../testing/test-emulator';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.dispose());
beforeEach(async () => {
  await fetch(`${emu.url}/_emulator/reset`, { method: 'POST', headers: { 'content-type': 'application/json' } });
});
afterEach(() => expect(blockedConnections(emu.functionLogs)).toEqual([]));

const seed = async (collection: string, docs: Record<string, unknown>[]) => {
  const ids: string[] = [];
  for (const data of docs) ids.push((await emu.sdk('add', { collection, data }))._id);
  return ids;
};

describe('database through the real wx-server-sdk', () => {
  it('fails with -502005 on a collection that was never created, insert included', async () => {
    const added = await emu.sdk('add', { collection: 'codes', data: { a: 1 } });
    expect(added).toMatchObject({ failed: true, errCode: -502005 });
    expect(added.errMsg).toContain('collection.add:fail -502005 database collection not exists');
    expect(added.errMsg).toContain("db.createCollection('codes')");
    const got = await emu.sdk('query', { collection: 'codes' });
    expect(got).toMatchObject({ failed: true, errCode: -502005 });
  });

  it('creates a collection once; creating it again fails', async () => {
    const first = await emu.sdk('createCollection', { name: 'codes' });
    expect(first.errMsg).toBe('createCollection:ok');
    const again = await emu.sdk('createCollection', { name: 'codes' });
    expect(again.failed).toBe(true);
    expect(again.errMsg).toContain('already exists');
  });

  it('adds a document with a server date and reads it back by id', async () => {
    await emu.sdk('createCollection', { name: 'codes' });
    const before = Date.now();
    const added = await emu.sdk('add', { collection: 'codes', data: { scene: 'a=1', n: 1 } });
    expect(added.errMsg).toBe('collection.add:ok');
    expect(added._id).toMatch(/^[0-9a-f]{32}$/);
    const got = await emu.sdk('getDoc', { collection: 'codes', id: added._id });
    expect(got.errMsg).toBe('document.get:ok');
    expect(got.data).toMatchObject({ _id: added._id, scene: 'a=1', n: 1 });
    expect(got.createdAtIsDate).toBe(true);
    expect(Date.parse(got.data.createdAt)).toBeGreaterThanOrEqual(before);

    const missing = await emu.sdk('getDoc', { collection: 'codes', id: 'nope' });
    expect(missing.failed).toBe(true);
    expect(missing.errMsg).toContain('document with _id nope does not exist');
  });

  it('queries with where, order, skip, limit and field', async () => {
    await emu.sdk('createCollection', { name: 'codes' });
    await seed('codes', [
      { kind: 'a', n: 1 },
      { kind: 'a', n: 5 },
      { kind: 'b', n: 7 },
      { kind: 'a', n: 3 },
    ]);
    const res = await emu.sdk('query', {
      collection: 'codes',
      where: { kind: 'a' },
      minN: 2,
      orderBy: ['n', 'desc'],
      field: { n: true },
    });
    expect(res.errMsg).toBe('collection.get:ok');
    expect(res.data.map((d: { n: number }) => d.n)).toEqual([5, 3]);
    expect(Object.keys(res.data[0]).sort()).toEqual(['_id', 'n']);

    const page = await emu.sdk('query', { collection: 'codes', orderBy: ['n', 'asc'], skip: 1, limit: 2 });
    expect(page.data.map((d: { n: number }) => d.n)).toEqual([3, 5]);

    const count = await emu.sdk('count', { collection: 'codes', where: { kind: 'a' } });
    expect(count).toMatchObject({ total: 3, errMsg: 'collection.count:ok' });
  });

  it('updates with _.inc, replaces with set (upsert), and removes', async () => {
    await emu.sdk('createCollection', { name: 'codes' });
    const [id] = await seed('codes', [{ n: 1 }]);
    const updated = await emu.sdk('inc', { collection: 'codes', id, by: 2 });
    expect(updated).toMatchObject({ stats: { updated: 1 }, errMsg: 'document.update:ok' });
    expect((await emu.sdk('getDoc', { collection: 'codes', id })).data).toMatchObject({ n: 3, touched: true });

    const replaced = await emu.sdk('set', { collection: 'codes', id, data: { only: 'this' } });
    expect(replaced.stats).toMatchObject({ updated: 1 });
    const after = (await emu.sdk('getDoc', { collection: 'codes', id })).data;
    expect(after).toEqual({ _id: id, only: 'this' });

    const upserted = await emu.sdk('set', { collection: 'codes', id: 'fresh-id', data: { v: 1 } });
    expect(upserted).toMatchObject({ _id: 'fresh-id', stats: { updated: 0, created: 1 } });

    const removed = await emu.sdk('removeDoc', { collection: 'codes', id });
    expect(removed).toMatchObject({ stats: { removed: 1 }, errMsg: 'document.remove:ok' });
    const gone = await emu.sdk('removeWhere', { collection: 'codes', where: { v: 1 } });
    expect(gone).toMatchObject({ stats: { removed: 1 }, errMsg: 'collection.remove:ok' });
    expect((await emu.sdk('count', { collection: 'codes' })).total).toBe(0);
  });

  it('refuses a duplicate _id on insert', async () => {
    await emu.sdk('createCollection', { name: 'codes' });
    await emu.sdk('add', { collection: 'codes', data: { _id: 'same' } });
    const dup = await emu.sdk('add', { collection: 'codes', data: { _id: 'same' } });
    expect(dup.failed).toBe(true);
    expect(dup.errCode).toBe(-502001);
    expect(dup.errMsg).toContain('duplicate key');
  });
});
