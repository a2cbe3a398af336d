/**
 * `npm run deploy [-- [--dry-run] [<function> …]]`: build, then deploy each function to the CloudBase env named by
 * ENV_ID (environment, or the git-ignored .env.local / .env: `ENV_ID=your-env-id`) with `tcb`, check each deploy,
 * and end with a table and a non-zero exit status if anything was not deployed. Log in first: `npx tcb login`.
 * Same as `wxacode-cloudbase deploy` with this repository's build; the pieces are in src/deploy/ (plan.ts holds
 * the exact commands) and src/cli/deploy.ts.
 */
import path from 'node:path';
import { main } from '../src/cli/main';
import { buildFunctions } from './build';

const ROOT = path.resolve(__dirname, '..');

if (require.main === module) {
  main({ program: 'npm run deploy --', deploy: { repositoryRoot: ROOT, build: (names) => buildFunctions(names) } }, ['deploy', ...process.argv.slice(2)]);
}
