/**
 * `npm run deploy`: build, then `tcb fn deploy` each function to the CloudBase env named by ENV_ID
 * (from the environment, or from the git-ignored .env.local / .env: `ENV_ID=your-env-id`).
 * Log in first with `npx tcb login`. The env id is never committed.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FUNCTIONS } from '../src/functions/catalog';
import { buildFunctions } from './build';

const ROOT = path.resolve(__dirname, '..');

export function readEnvId(env: NodeJS.ProcessEnv = process.env, root = ROOT): string | undefined {
  if (env.ENV_ID) return env.ENV_ID;
  for (const file of ['.env.local', '.env']) {
    const full = path.join(root, file);
    if (!existsSync(full)) continue;
    const match = readFileSync(full, 'utf8').match(/^\s*ENV_ID\s*=\s*["']?([^"'\s#]+)/m);
    if (match) return match[1];
  }
  return undefined;
}

async function main(): Promise<void> {
  const envId = readEnvId();
  if (!envId) {
    console.error('No CloudBase env id. Set ENV_ID=<your env id> in the environment or in .env.local (git-ignored), then run npm run deploy again.');
    process.exit(2);
  }
  await buildFunctions();
  const only = process.argv.slice(2);
  for (const fn of FUNCTIONS.filter((f) => only.length === 0 || only.includes(f.name))) {
    const args = ['tcb', 'fn', 'deploy', fn.name, '-e', envId, '--force', '--yes', ...(fn.httpPath ? ['--path', fn.httpPath] : [])];
    console.log(`$ npx ${args.join(' ')}`);
    execFileSync('npx', args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ENV_ID: envId } });
    if (hasTriggers(fn.name)) {
      const trigger = ['tcb', 'fn', 'trigger', 'create', fn.name, '-e', envId, '--yes'];
      console.log(`$ npx ${trigger.join(' ')}`);
      execFileSync('npx', trigger, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ENV_ID: envId } });
    }
  }
}

/** Timer triggers are declared in cloudbaserc.json; `tcb fn deploy` does not create them, `tcb fn trigger create` does. */
function hasTriggers(name: string): boolean {
  const rc = JSON.parse(readFileSync(path.join(ROOT, 'cloudbaserc.json'), 'utf8')) as { functions?: { name: string; triggers?: unknown[] }[] };
  return (rc.functions ?? []).some((f) => f.name === name && (f.triggers?.length ?? 0) > 0);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
