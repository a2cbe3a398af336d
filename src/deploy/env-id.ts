/**
 * The variables the deploy and `tcb` see: the environment over the git-ignored .env.local over .env — the order
 * @cloudbase/cli 2.12.10 uses when it fills cloudbaserc.json's `{{env.NAME}}` (read with dotenv, as it does).
 */
import { parse } from 'dotenv';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function readVariables(env: NodeJS.ProcessEnv, root: string): Record<string, string | undefined> {
  const fromFile = (file: string) => (existsSync(path.join(root, file)) ? parse(readFileSync(path.join(root, file))) : {});
  return { ...fromFile('.env'), ...fromFile('.env.local'), ...env };
}

/** The CloudBase env id the deploy targets: ENV_ID from the environment, .env.local or .env. */
export function readEnvId(env: NodeJS.ProcessEnv, root: string): string | undefined {
  return readVariables(env, root).ENV_ID || undefined;
}
