/**
 * The variables the deploy and `tcb` see: the environment over the git-ignored .env.local over .env, read by the one
 * resolver the emulator uses too (src/cloudbaserc/env-variables.ts).
 */
import { readVariables } from '../cloudbaserc/env-variables';

export { readVariables };

/** The CloudBase env id the deploy targets: ENV_ID from the environment, .env.local or .env. */
export function readEnvId(env: NodeJS.ProcessEnv, root: string): string | undefined {
  return readVariables(env, root).ENV_ID || undefined;
}
