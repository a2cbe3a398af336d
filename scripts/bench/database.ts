import { EJSON } from 'bson';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { databaseActions } from '../../src/emulator/database/database-actions';
import type { AdminRequest } from '../../src/emulator/gateway/types';
import { openDatabaseState } from '../../src/emulator/state/database-state';
import { median } from './require-time';

export interface DatabaseBenchRow {
  callers: number;
  emptyPerSecond: number;
  fullPerSecond: number;
  /** CPU (user+sys) per insert: the part of a write's cost that does not wait on the disk's fdatasync */
  emptyCpuUs: number;
  fullCpuUs: number;
  /** inserts/s into the full collection over inserts/s into the empty one */
  ratio: number;
}

export interface DatabaseBenchResult {
  existingDocuments: number;
  inserts: number;
  rows: DatabaseBenchRow[];
}

const EXISTING = 10_000;
const ROUNDS = 5;

/** A document the size of a wxacode_codes record, as the SDK sends it (canonical EJSON). */
function codeRecord(i: number, prefix: string): string {
  return EJSON.stringify(
    {
      _id: `${prefix}-${i}-${'0'.repeat(40)}`,
      api: 'wxacode.getUnlimited',
      params: { scene: `id=${i}`, page: 'pages/index/index', width: 430, check_path: true, env_version: 'release' },
      fileID: `cloud://wxacode-local-1a2b.7778-wxacode-local-1a2b/wxacode/getUnlimited/ab/${prefix}-${i}.jpg`,
      contentType: 'image/jpeg',
      createdAt: { $date: new Date().toISOString() },
    },
    { relaxed: false },
  );
}

/**
 * Inserts per second through the emulator's database.insertDocument action into a persisted collection (journal
 * on disk, acknowledged after fdatasync), one document per call as the functions write them: into an empty
 * collection, and into one that already holds 10,000 documents. A write should cost the change, not the collection.
 */
export async function benchDatabase(log: (line: string) => void, inserts = 400, callerLevels = [1, 16]): Promise<DatabaseBenchResult> {
  // many callers finish a run in a fraction of a second: more inserts, so one pause (GC, a slow sync) does not decide it
  const insertsFor = (callers: number) => inserts * Math.max(1, Math.round(callers / 2));
  log(`# Emulator database: inserts/s into a persisted collection, empty vs ${EXISTING.toLocaleString('en')} documents (${inserts} inserts per caller level, ×callers/2 with many callers)`);
  log(`callers  empty/s  10k docs/s  ratio (medians of ${ROUNDS} pairs)   CPU per insert empty / 10k`);
  const rows: DatabaseBenchRow[] = [];
  for (const callers of callerLevels) {
    // pairs, alternating, so that the disk's other work (fdatasync latency varies a lot) hits both sides alike
    const pairs: { empty: InsertRun; full: InsertRun }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      pairs.push({ empty: await insertRate(0, insertsFor(callers), callers), full: await insertRate(EXISTING, insertsFor(callers), callers) });
    }
    const emptyPerSecond = median(pairs.map((p) => p.empty.perSecond));
    const fullPerSecond = median(pairs.map((p) => p.full.perSecond));
    const row = {
      callers,
      emptyPerSecond,
      fullPerSecond,
      ratio: median(pairs.map((p) => p.full.perSecond / p.empty.perSecond)),
      emptyCpuUs: median(pairs.map((p) => p.empty.cpuUs)),
      fullCpuUs: median(pairs.map((p) => p.full.cpuUs)),
    };
    rows.push(row);
    log(`${String(callers).padStart(7)}  ${emptyPerSecond.toFixed(0).padStart(7)}  ${fullPerSecond.toFixed(0).padStart(10)}  ${row.ratio.toFixed(2)}× ${row.ratio >= 0.8 ? '(≥ 0.8 ok)' : '(BELOW 0.8)'}   ${row.emptyCpuUs.toFixed(0)} µs / ${row.fullCpuUs.toFixed(0)} µs`);
  }
  return { existingDocuments: EXISTING, inserts, rows };
}

interface InsertRun {
  perSecond: number;
  cpuUs: number;
}

async function insertRate(existing: number, inserts: number, callers: number): Promise<InsertRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wxacode-db-bench-'));
  try {
    // folded into the snapshot at once, so the run starts from a settled collection, not a pending compaction
    const seed = await openDatabaseState(dir, { minCompactBytes: 1 });
    await seed.create('wxacode_codes');
    if (existing > 0) {
      const actions = databaseActions(seed);
      await actions['database.insertDocument'](request(Array.from({ length: existing }, (_, i) => codeRecord(i, 'old'))));
    }
    await seed.flush();
    // a restart, so the existing documents are on disk as a restarted emulator finds them
    const state = await openDatabaseState(dir);
    const insert = databaseActions(state)['database.insertDocument'];
    let next = 0;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    await Promise.all(
      Array.from({ length: callers }, async () => {
        while (next < inserts) await insert(request([codeRecord(next++, 'new')]));
      }),
    );
    const elapsed = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    await state.flush();
    return { perSecond: (inserts * 1000) / elapsed, cpuUs: (cpu.user + cpu.system) / inserts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function request(data: string[]): AdminRequest {
  return { action: 'database.insertDocument', params: { collectionName: 'wxacode_codes', data }, binaryParts: {}, requestId: 'bench', origin: 'http://127.0.0.1' };
}
