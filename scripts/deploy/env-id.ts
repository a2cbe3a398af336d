/** The CloudBase env id the deploy targets: ENV_ID from the environment, else from the git-ignored .env.local or .env. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ENV_ID_FILES = ['.env.local', '.env'] as const;

export function readEnvId(env: NodeJS.ProcessEnv, root: string): string | undefined {
  if (env.ENV_ID) return env.ENV_ID;
  for (const file of ENV_ID_FILES) {
    const full = path.join(root, file);
    if (!existsSync(full)) continue;
    const match = readFileSync(full, 'utf8').match(/^\s*ENV_ID\s*=\s*["']?([^"'\s#]+)/m);
    if (match) return match[1];
  }
  return undefined;
}
