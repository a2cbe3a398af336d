/**
 * The emulator as `npm start` runs it, keeping its state in a data folder, in a process of its own that a test can
 * SIGKILL: `node --import tsx persistent-emulator.ts <dataDir> <cloudbaserc.json> [ratePerMinute]`. Prints
 * `ready <url>` once it listens; the built functions of cloudfunctions/ run with the loopback guard on.
 */
import { createEmulator } from '../../emulator/server';
import { REPO_ROOT } from '../functions-emulator';

async function main(): Promise<void> {
  const [dataDir, cloudbasercPath, rate] = process.argv.slice(2);
  if (!dataDir || !cloudbasercPath) throw new Error('usage: persistent-emulator.ts <dataDir> <cloudbaserc.json> [ratePerMinute]');
  const emulator = await createEmulator({
    rootDir: REPO_ROOT,
    port: 0,
    dataDir,
    cloudbasercPath,
    appSecret: 'e2e-app-secret',
    loopbackGuard: true,
    ...(rate ? { ratePerMinute: Number(rate) } : {}),
    onFunctionLog: (name, stream, line) => {
      if (line.includes('[loopback-guard] BLOCKED')) console.log(`blocked [${name}:${stream}] ${line}`);
    },
  });
  console.log(`ready ${emulator.url}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
