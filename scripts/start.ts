/**
 * `npm start`: builds the cloud functions if their bundles are stale, then runs the local
 * CloudBase + WeChat emulator on 127.0.0.1 until Ctrl-C / SIGTERM.
 *
 *   PORT=8787 npm start                 data kept in .emulator-data/
 *   npm start -- --in-memory            nothing written to disk
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { staleFunctionsReason } from '../src/emulator/build-freshness';
import { createEmulator, DEFAULT_PORT, type Emulator } from '../src/emulator/server';
import { buildUi } from './build-ui';

const USAGE = `usage: npm start [-- --in-memory]
  PORT                          port on 127.0.0.1 (default ${DEFAULT_PORT})
  WX_APPID                      the app's appid (default: project.config.json's, else a placeholder)
  WX_APPSECRET                  app secret the HTTPS API accepts (default: generated)
  WXACODE_EMULATOR_QUOTA        lifetime quota of wxacode.get + createQRCode
  WXACODE_EMULATOR_RATE_LIMIT   getUnlimited calls per minute
  WXACODE_EMULATOR_GET_DAILY_CAP  wxacode.get codes per day (default 10000)
  WXACODE_EMULATOR_QPS          CloudBase requests a second for the environment, or a plan id (default: no limit)
  WXACODE_EMULATOR_MONTHLY_CALLS  CloudBase calls (调用次数) a month, or a plan id (default: no limit)`;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return;
  }
  const unknown = args.filter((a) => a !== '--in-memory');
  if (unknown.length) throw new Error(`unknown argument ${unknown.join(' ')}\n${USAGE}`);
  const rootDir = resolve(__dirname, '..');
  const port = parsePort(process.env.PORT);

  buildFunctionsIfStale(rootDir);
  // the UI's sources live in src/emulator/, which the functions' freshness check skips; bundling it takes ~0.2 s
  await buildUi();
  const emulator = await createEmulator({ rootDir, port, inMemory: args.includes('--in-memory'), timerTriggers: { schedule: true } });
  printBanner(emulator, rootDir);
  stopOnSignals(emulator);
}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be an integer from 0 to 65535, got "${raw}"`);
  return port;
}

function buildFunctionsIfStale(rootDir: string): void {
  const reason = staleFunctionsReason(rootDir);
  if (!reason) return;
  console.log(`[start] building cloud functions (${reason}): npm run build`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], { cwd: rootDir, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status ?? build.signal})`);
}

function printBanner(emulator: Emulator, rootDir: string): void {
  const functionsDir = join(rootDir, 'cloudfunctions');
  const functions = existsSync(functionsDir)
    ? readdirSync(functionsDir).filter((name) => existsSync(join(functionsDir, name, 'index.js')))
    : [];
  const example = functions.includes('wxacodeGetUnlimited') ? 'wxacodeGetUnlimited' : (functions[0] ?? '<function>');
  const data = example === 'wxacodeGetUnlimited' ? { scene: 'a=1', page: 'pages/index/index' } : {};
  const body = JSON.stringify({ name: example, data });
  console.log(`
CloudBase + WeChat emulator ready at ${emulator.url}
  web UI        ${emulator.url}/
  env id        ${emulator.envId}
  admin (SDK)   ${emulator.adminUrl}
  appid         ${emulator.appid}${process.env.WX_APPID ? '   (WX_APPID)' : '   (set WX_APPID to use your own)'}
  app secret    ${emulator.appSecret}${emulator.appSecretGenerated ? '   (generated; set WX_APPSECRET to fix it)' : ''}
  data          ${emulator.dataDir ? relative(process.cwd(), emulator.dataDir) || '.' : 'in memory (--in-memory)'}
  functions     ${functions.length ? functions.join(', ') : `none built in ${functionsDir}`}
  timers        ${timerLines(emulator)}
  CloudBase     requests counted at GET ${emulator.url}/_emulator/usage; ${limitLine(emulator)}
  control       GET ${emulator.url}/_emulator/events (live log)   GET ${emulator.url}/_emulator/limits   GET ${emulator.url}/_emulator/codes
                GET/PUT ${emulator.url}/_emulator/faults   GET ${emulator.url}/_emulator/wechat/calls   POST ${emulator.url}/_emulator/reset

Try:
  curl -s -X POST ${emulator.url}/callFunction -H 'content-type: application/json' -H 'x-wx-openid: oLocalUser' -d '${body}'

Ctrl-C to stop.`);
}

function limitLine(emulator: Emulator): string {
  const { qps, monthlyCalls } = emulator.limits.get();
  return `limits: QPS ${qps ?? 'off'} (WXACODE_EMULATOR_QPS), monthly calls ${monthlyCalls ?? 'off'} (WXACODE_EMULATOR_MONTHLY_CALLS)`;
}

function timerLines(emulator: Emulator): string {
  const triggers = emulator.timers.triggers();
  if (triggers.length === 0) return 'none in the functions\' config.json';
  return triggers
    .map((t) => `${t.functionName}/${t.name} "${t.cron}" (China time), next ${t.next ?? 'never'}; fire now: curl -X POST -H 'content-type: application/json' ${emulator.url}/_emulator/triggers/${t.functionName}`)
    .join('\n                ');
}

function stopOnSignals(emulator: Emulator): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      console.log(`[start] ${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    console.log(`\n[start] ${signal}: stopping function instances and the server...`);
    emulator.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('[start] shutdown failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(`[start] ${(err as Error).message ?? err}`);
  process.exit(1);
});
