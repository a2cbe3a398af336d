/**
 * `npm start`: `wxacode-cloudbase start` on this repository, from the sources: builds the cloud functions if their
 * bundles are stale and the web UI, then runs the emulator until Ctrl-C / SIGTERM. The implementation is
 * src/cli/start.ts.
 *
 *   PORT=8787 npm start                 data kept in .emulator-data/
 *   npm start -- --in-memory            nothing written to disk
 *   npm start -- --project ../my-app    a mini program project instead of this repository
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { main } from '../src/cli/main';
import { staleFunctionsReason } from '../src/emulator/build-freshness';
import { buildUi } from './build-ui';

const ROOT = resolve(__dirname, '..');

main(
  {
    program: 'npm start --',
    start: {
      repositoryRoot: ROOT,
      async prepare(target) {
        if (target.root !== ROOT) return;
        buildFunctionsIfStale();
        // the UI's sources live in src/emulator/, which the functions' freshness check skips; bundling it takes ~0.2 s
        await buildUi();
      },
    },
  },
  ['start', ...process.argv.slice(2)],
);

function buildFunctionsIfStale(): void {
  const reason = staleFunctionsReason(ROOT);
  if (!reason) return;
  console.log(`[start] building cloud functions (${reason}): npm run build`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`npm run build failed (exit ${build.status ?? build.signal})`);
}
