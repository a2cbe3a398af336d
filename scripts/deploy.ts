/**
 * `npm run deploy [-- [--dry-run] [<function> …]]`: build, then deploy each function to the CloudBase env named by
 * ENV_ID (environment, or the git-ignored .env.local / .env: `ENV_ID=your-env-id`) with `tcb`, check each deploy,
 * and end with a table and a non-zero exit status if anything was not deployed. Log in first: `npx tcb login`.
 * The pieces are in scripts/deploy/ (plan.ts holds the exact commands).
 */
import path from 'node:path';
import { buildFunctions } from './build';
import { loadProject } from './deploy/project';
import { runDeploy } from './deploy/run';

const ROOT = path.resolve(__dirname, '..');

if (require.main === module) {
  runDeploy({
    argv: process.argv.slice(2),
    env: process.env,
    root: ROOT,
    loadProject: () => loadProject(ROOT),
    build: (names) => buildFunctions(names),
    write: (text) => process.stdout.write(text),
  }).then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    },
  );
}
