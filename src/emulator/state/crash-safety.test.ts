import { spawn } from 'node:child_process';
import { EJSON } from 'bson';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { openDatabaseState } from './database-state';

const WRITER = join(__dirname, 'testing', 'crash-writer.ts');
/** small, so that most runs are killed with a compaction in progress or just done */
const COMPACT_AFTER_BYTES = 64 * 1024;

interface Acknowledged {
  inserted: string[];
  counter: number;
}

/** Runs the writer until it has acknowledged `writes` writes, then SIGKILLs it mid-stream. */
function writeThenKill(dir: string, writes: number): Promise<Acknowledged> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, String(COMPACT_AFTER_BYTES)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: Acknowledged = { inserted: [], counter: 0 };
    let stderr = '';
    let killed = false;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const [kind, what, value] = line.split(' ');
      if (kind !== 'ack' || killed) return;
      if (what === 'insert') acknowledged.inserted.push(value);
      else acknowledged.counter = Math.max(acknowledged.counter, Number(value));
      if (acknowledged.inserted.length >= writes) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`the writer exited by itself (code ${code}): ${stderr}`));
    });
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wxacode-crash-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the database journal under SIGKILL', () => {
  it('keeps every acknowledged write through repeated kills at arbitrary moments, compactions included', async () => {
    const everInserted = new Set<string>();
    let lastCounter = 0;
    // kill points differ per round (the writer is at a different place each time); the data accumulates
    for (const writes of [150, 40, 300, 75]) {
      const acknowledged = await writeThenKill(dir, writes);
      acknowledged.inserted.forEach((id) => everInserted.add(id));
      lastCounter = Math.max(lastCounter, acknowledged.counter);

      const db = await openDatabaseState(dir);
      const stored = new Set(db.documents('crash')!.map((doc) => doc._id));
      const missing = [...everInserted].filter((id) => !stored.has(id));
      expect({ round: writes, missing }).toEqual({ round: writes, missing: [] });
      for (const doc of db.documents('crash')!) {
        expect(doc).toEqual({ _id: doc._id, payload: 'x'.repeat(2000), at: expect.any(Date) });
      }
      expect(stored.size).toBe(db.documents('crash')!.length); // no _id twice
      expect(db.documents('counter')!).toEqual([{ _id: 'n', value: expect.any(Number) }]);
      expect(db.documents('counter')![0].value as number).toBeGreaterThanOrEqual(lastCounter);
      await db.flush();
    }
    // the journal was folded into the snapshot along the way, so some kills came during or between compactions
    const snapshot = EJSON.parse(readFileSync(join(dir, 'crash.collection.json'), 'utf8')) as { documents: unknown[] };
    expect(snapshot.documents.length).toBeGreaterThan(0);
  });
});
