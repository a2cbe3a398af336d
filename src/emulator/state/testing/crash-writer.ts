/**
 * A child process for the SIGKILL test: writes to a persisted database as fast as it can, from several callers at
 * once, and prints one line per acknowledged write (`ack insert <id>` / `ack counter <n>`). The test kills it with
 * SIGKILL at an arbitrary moment and checks that everything it printed is on disk.
 *
 * argv[2]: the data folder; argv[3]: the journal size that triggers compaction (small, so kills land mid-compaction)
 */
import { openDatabaseState } from '../database-state';

async function main(): Promise<void> {
  const [dir, compactAfter] = [process.argv[2], Number(process.argv[3])];
  const db = await openDatabaseState(dir, { minCompactBytes: compactAfter });
  if (!db.has('crash')) await db.create('crash');
  if (!db.has('counter')) {
    await db.create('counter');
    await db.insert('counter', [{ _id: 'n', value: 0 }]);
  }
  const payload = 'x'.repeat(2000);
  let next = db.documents('crash')!.length;
  const inserter = async () => {
    for (;;) {
      const id = `doc-${process.pid}-${next++}`;
      await db.insert('crash', [{ _id: id, payload, at: new Date() }]);
      process.stdout.write(`ack insert ${id}\n`);
    }
  };
  const counter = async () => {
    for (;;) {
      const index = db.documents('counter')!.findIndex((doc) => doc._id === 'n');
      const value = (db.documents('counter')![index].value as number) + 1;
      await db.replaceAt('counter', [{ index, doc: { _id: 'n', value } }]);
      process.stdout.write(`ack counter ${value}\n`);
    }
  };
  process.stdout.write('ready\n');
  await Promise.all([inserter(), inserter(), inserter(), counter()]);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
