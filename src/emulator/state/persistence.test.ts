import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEmulator } from '../testing/test-emulator';
import { writeFileAtomic } from './atomic-file';
import { openDatabaseState } from './database-state';
import { openStorageState } from './storage-state';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'wxacode-emu-data-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('persisted emulator data', () => {
  it('keeps files and documents across a restart', async () => {
    const bytes = Buffer.from('persist me');
    const first = await startTestEmulator({ inMemory: false, dataDir });
    const { fileID } = await first.sdk('upload', { cloudPath: 'keep/a.txt', base64: bytes.toString('base64') });
    await first.sdk('createCollection', { name: 'codes' });
    const { _id } = await first.sdk('add', { collection: 'codes', data: { n: 1 } });
    await first.dispose();

    const second = await startTestEmulator({ inMemory: false, dataDir });
    try {
      const downloaded = await second.sdk('download', { fileID });
      expect(Buffer.from(downloaded.base64, 'base64')).toEqual(bytes);
      const doc = await second.sdk('getDoc', { collection: 'codes', id: _id });
      expect(doc.data).toMatchObject({ _id, n: 1 });
      expect(doc.createdAtIsDate).toBe(true);
      const again = await second.sdk('createCollection', { name: 'codes' });
      expect(again.failed).toBe(true);
    } finally {
      await second.dispose();
    }
  });

  it('forgets everything in memory mode', async () => {
    const first = await startTestEmulator({ inMemory: true });
    await first.sdk('createCollection', { name: 'codes' });
    await first.dispose();
    const second = await startTestEmulator({ inMemory: true });
    try {
      expect((await second.sdk('createCollection', { name: 'codes' })).errMsg).toBe('createCollection:ok');
    } finally {
      await second.dispose();
    }
  });
});

describe('state files', () => {
  it('writes atomically without leaving temp files', async () => {
    const file = join(dataDir, 'nested', 'x.json');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, 'two');
    expect(readdirSync(join(dataDir, 'nested'))).toEqual(['x.json']);
  });

  it('ignores a temp file left by a crash and an object whose bytes never landed', async () => {
    const storage = await openStorageState(dataDir);
    await storage.put({ cloudPath: 'a.png', bytes: Buffer.from('a'), contentType: 'image/png', uploadedAt: 1 });
    writeFileSync(join(dataDir, 'deadbeef.bin.123.tmp'), 'partial');
    writeFileSync(join(dataDir, 'orphan.json'), JSON.stringify({ cloudPath: 'b.png', contentType: 'image/png', uploadedAt: 1, size: 3 }));
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const reopened = await openStorageState(dataDir);
      expect(reopened.list().map((f) => f.cloudPath)).toEqual(['a.png']);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('skipping unreadable stored file'));
    } finally {
      warn.mockRestore();
    }
  });

  it('removes what interrupted writes left behind when it starts: temp files and bytes without metadata', async () => {
    const storageDir = join(dataDir, 'storage');
    const databaseDir = join(dataDir, 'database');
    const storage = await openStorageState(storageDir);
    await storage.put({ cloudPath: 'kept.png', bytes: Buffer.from('kept'), contentType: 'image/png', uploadedAt: 1 });
    const database = await openDatabaseState(databaseDir);
    await database.create('codes');
    const keptStorage = readdirSync(storageDir).sort();
    const keptDatabase = readdirSync(databaseDir).sort();
    // a SIGKILL between the .bin and the .json of a put, and during the temp-file step of each store
    writeFileSync(join(storageDir, `${'e'.repeat(64)}.bin`), 'bytes of an upload that never completed');
    writeFileSync(join(storageDir, `${'f'.repeat(64)}.bin.4242.a1b2c3.tmp`), 'partial');
    writeFileSync(join(databaseDir, 'codes.collection.json.4242.a1b2c3.tmp'), '{"name": "codes", "docu');

    const reopened = await openStorageState(storageDir);
    await openDatabaseState(databaseDir);
    expect(readdirSync(storageDir).sort()).toEqual(keptStorage);
    expect(readdirSync(databaseDir).sort()).toEqual(keptDatabase);
    expect(reopened.get('kept.png')?.bytes.toString()).toBe('kept');
  });

  it('replays the journal over the snapshot: inserts, replacements and removals in storage order', async () => {
    const db = await openDatabaseState(dataDir);
    await db.create('codes');
    await db.insert('codes', [{ _id: 'a', n: 1 }, { _id: 'b', n: 2 }, { _id: 'c', n: 3 }]);
    await db.replaceAt('codes', [{ index: 0, doc: { _id: 'a', n: 10, at: new Date(5) } }]);
    await db.removeAt('codes', [1]);
    await db.flush();
    const reopened = await openDatabaseState(dataDir);
    expect(reopened.documents('codes')).toEqual([{ _id: 'a', n: 10, at: new Date(5) }, { _id: 'c', n: 3 }]);
    expect(reopened.findById('codes', 'c')).toEqual({ _id: 'c', n: 3 });
    expect(reopened.findById('codes', 'b')).toBeUndefined();
  });

  it("keeps a write that arrives while its collection's creation is still on its way to disk, in a folder not made yet", async () => {
    // concurrent callers: one creates the collection, another inserts as soon as it exists in memory
    const db = await openDatabaseState(join(dataDir, 'fresh', 'database'));
    const created = db.create('codes');
    const inserted = db.insert('codes', [{ _id: 'early', n: 1 }]);
    await Promise.all([created, inserted]);
    await db.insert('codes', [{ _id: 'later', n: 2 }]);
    await db.flush();
    const reopened = await openDatabaseState(join(dataDir, 'fresh', 'database'));
    expect(reopened.documents('codes')).toEqual([{ _id: 'early', n: 1 }, { _id: 'later', n: 2 }]);
  });

  it('writes only the change: the journal grows by the inserted document, the snapshot stays as it was', async () => {
    const db = await openDatabaseState(dataDir);
    await db.create('big');
    await db.insert('big', Array.from({ length: 2000 }, (_, i) => ({ _id: `d${i}`, payload: 'y'.repeat(100) })));
    await db.flush();
    const snapshotBefore = readFileSync(join(dataDir, 'big.collection.json'), 'utf8');
    const journalBefore = statSync(join(dataDir, 'big.journal.ndjson')).size;
    await db.insert('big', [{ _id: 'one-more', n: 1 }]);
    await db.flush();
    expect(readFileSync(join(dataDir, 'big.collection.json'), 'utf8')).toBe(snapshotBefore);
    const appended = readFileSync(join(dataDir, 'big.journal.ndjson'), 'utf8').slice(journalBefore);
    expect(appended).toBe('{"put":{"_id":"one-more","n":{"$numberInt":"1"}}}\n');
  });

  it('folds a long journal into the snapshot and keeps every document', async () => {
    const db = await openDatabaseState(dataDir, { minCompactBytes: 10_000 });
    await db.create('codes');
    for (let i = 0; i < 200; i++) await db.insert('codes', [{ _id: `d${i}`, payload: 'z'.repeat(100) }]);
    await db.flush();
    expect(statSync(join(dataDir, 'codes.journal.ndjson')).size).toBeLessThan(10_000 + 200);
    const reopened = await openDatabaseState(dataDir);
    expect(reopened.documents('codes')!.map((d) => d._id)).toEqual(Array.from({ length: 200 }, (_, i) => `d${i}`));
  });

  it('drops an unfinished last journal line (never acknowledged) and keeps appending on a clean line', async () => {
    const db = await openDatabaseState(dataDir);
    await db.create('codes');
    await db.insert('codes', [{ _id: 'kept' }]);
    await db.flush();
    appendFileSync(join(dataDir, 'codes.journal.ndjson'), '{"put":{"_id":"torn","n":');
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const reopened = await openDatabaseState(dataDir);
      expect(reopened.documents('codes')).toEqual([{ _id: 'kept' }]);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('dropping an unfinished last write'));
      await reopened.insert('codes', [{ _id: 'after' }]);
      await reopened.flush();
      expect((await openDatabaseState(dataDir)).documents('codes')).toEqual([{ _id: 'kept' }, { _id: 'after' }]);
    } finally {
      warn.mockRestore();
    }
  });

  it('refuses to start on a damaged journal line instead of dropping it', async () => {
    const db = await openDatabaseState(dataDir);
    await db.create('codes');
    await db.flush();
    writeFileSync(join(dataDir, 'codes.journal.ndjson'), '{"put":{"_id":"a"}}\nnot json\n{"del":"a"}\n');
    await expect(openDatabaseState(dataDir)).rejects.toThrow(/cannot read stored collection journal .*codes\.journal\.ndjson, line 2/);
  });

  it('does not bring back the documents of a dropped collection when one of that name is created again', async () => {
    const db = await openDatabaseState(dataDir);
    await db.create('codes');
    await db.insert('codes', [{ _id: 'old' }]);
    await db.clear();
    await db.create('codes');
    await db.flush();
    expect((await openDatabaseState(dataDir)).documents('codes')).toEqual([]);
  });

  it('refuses to start on a corrupted collection file instead of dropping it', async () => {
    writeFileSync(join(dataDir, 'codes.collection.json'), '{"name": "codes", "documents": [');
    await expect(openDatabaseState(dataDir)).rejects.toThrow(/cannot read stored collection .*codes\.collection\.json/);
  });
});
