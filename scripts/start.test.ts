import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

/** `npm start` as a user runs it: the banner it prints while the emulator runs. */
const ROOT = resolve(__dirname, '..');

function startScript(env: Record<string, string>): { child: ChildProcess; output: () => string; banner: Promise<string> } {
  let text = '';
  const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'start.ts'), '--in-memory'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const banner = new Promise<string>((done, fail) => {
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('Ctrl-C to stop.')) done(text);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`npm start exited (${code}) before its banner:\n${text}`)));
  });
  return { child, output: () => text, banner };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  await exited;
}

it("shows WX_APPID's appid and the scheduled timer triggers in the banner of npm start", async () => {
  const { child, banner } = startScript({ WX_APPID: 'wxbanner0000000001', WX_APPSECRET: 'banner-secret', WXACODE_BATCH_QPS: '20', WXACODE_EMULATOR_MEMORY_MB: '1024', WXACODE_EMULATOR_INSTANCES_AT_ONCE: '3' });
  try {
    const text = await banner;
    expect(text).toMatch(/^ {2}appid {9}wxbanner0000000001 {3}\(WX_APPID\)$/m);
    expect(text).toMatch(/^ {2}app secret {4}banner-secret$/m);
    expect(text).not.toContain('wx0000000000000000');
    // a function variable in the shell that cloudbaserc.json does not pass on reaches no function, as deployed: said once
    expect(text.match(/WXACODE_BATCH_QPS is set in this shell but no function's envVariables in cloudbaserc\.json uses it/g)).toHaveLength(1);
    expect(text).toContain('Add e.g. "WXACODE_BATCH_QPS": "{{env.WXACODE_BATCH_QPS}}" to the envVariables of wxacodeBatch');
    // the bound the instances scale within: 1024 MB of the functions' default 256 MB; and the cores' share
    expect(text).toMatch(
      /^ {2}instances {5}more as calls queue, one call each; up to 4 at 256 MB each \(cloudbaserc\.json memorySize, else 256 MB\), 1024 MB for all at once \(WXACODE_EMULATOR_MEMORY_MB\); past 3 busy \(WXACODE_EMULATOR_INSTANCES_AT_ONCE, default 2 a core\) a call waits up to 1000 ms for one to free first$/m,
    );
    // the timers of the functions' config.json are scheduled while npm start runs
    expect(text).toMatch(/timers +wxacodeBatch\/hourly "0 0 \* \* \* \* \*" \(China time\), next \d{4}-\d\d-\d\dT\d\d:00:00\.000Z; fire now: curl -X POST -H 'content-type: application\/json' http:\/\/127\.0\.0\.1:\d+\/_emulator\/triggers\/wxacodeBatch/);
    expect(text).toMatch(/^ +wxacodeHousekeeping\/hourly "0 0 \* \* \* \* \*" \(China time\), next \d{4}-\d\d-\d\dT\d\d:00:00\.000Z; fire now: curl -X POST -H 'content-type: application\/json' http:\/\/127\.0\.0\.1:\d+\/_emulator\/triggers\/wxacodeHousekeeping/m);
  } finally {
    await stop(child);
  }
});
