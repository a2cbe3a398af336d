/**
 * The batch's shared rate budget through the real wx-server-sdk against the emulator's database. Two instances asking
 * at the same turn of a second (a job's two workers do, every second) must each get their share, whether the second's
 * slot document is new (both insert it) or last minute's (both renew it): before, the one that lost the insert or the
 * renewal got no share that second and fell back to one call, which held a 4,000-a-minute job to ≈ 85 % of its rate.
 */
import { resolve } from 'node:path';
import { functionEnvironment } from '../../emulator/runner/function-environment';
import type { Emulator } from '../../emulator/server';
import { startGuardedEmulator } from '../../emulator/testing/test-emulator';
import type { CloudDatabase } from './cloud';
import { BATCH_RATE_COLLECTION, CloudRateSlots } from './batch-store';

let emulator: Emulator;
let db: CloudDatabase;
const savedEnv = { ...process.env };

beforeAll(async () => {
  ({ emulator } = await startGuardedEmulator({ rootDir: resolve(__dirname, '..', '..', '..') }));
  // this process plays a function instance: the SDK finds CloudBase where a deployed function would
  Object.assign(process.env, functionEnvironment({ adminUrl: emulator.adminUrl, envId: emulator.envId }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  db = cloud.database() as CloudDatabase;
});
afterAll(async () => {
  process.env = savedEnv;
  await emulator?.close();
});

const countOf = (slot: number) => (emulator.state.database.documents(BATCH_RATE_COLLECTION) ?? []).find((doc) => doc._id === `s${slot}`)?.count;

/** two instances take their share of one second at once, for `seconds` seconds in a row starting at `first` */
async function bothTake(first: number, seconds: number): Promise<{ second: number; a: boolean; b: boolean; count: unknown }[]> {
  const a = new CloudRateSlots(db);
  const b = new CloudRateSlots(db);
  const outcomes = [];
  for (let second = first; second < first + seconds; second++) {
    const [gotA, gotB] = await Promise.all([a.take(second % 60, second, 66, 33), b.take(second % 60, second, 66, 33)]);
    outcomes.push({ second, a: gotA, b: gotB, count: countOf(second % 60) });
  }
  return outcomes;
}

const FIRST = 1_796_600_000;

it('two instances each get their share of a second whose slot neither has seen: one inserts it, the other adds to it', async () => {
  const outcomes = await bothTake(FIRST, 10);
  expect(outcomes).toEqual(outcomes.map(({ second }) => ({ second, a: true, b: true, count: 66 })));
});

it('two instances each get their share of a second whose slot holds last minute: one renews it, the other adds to it', async () => {
  const outcomes = await bothTake(FIRST + 60, 10);
  expect(outcomes).toEqual(outcomes.map(({ second }) => ({ second, a: true, b: true, count: 66 })));
});

it('a full second is refused, and its count never goes past the allowance', async () => {
  const slots = new CloudRateSlots(db);
  const second = FIRST + 120;
  const taken = await Promise.all([slots.take(second % 60, second, 66, 33), slots.take(second % 60, second, 66, 33), slots.take(second % 60, second, 66, 1)]);
  expect(taken.filter(Boolean)).toHaveLength(2);
  expect(countOf(second % 60)).toBe(66);
});
