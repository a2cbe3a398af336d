/**
 * cloudbaserc.json's `{{env.NAME}}` placeholders, filled the one way both the deploy and the emulator fill them: as
 * @cloudbase/cli 2.12.10 does when `tcb fn deploy` reads the file, from the environment over the git-ignored
 * .env.local over .env in the project's root (read with dotenv, as it does), an unset name becoming "".
 */
import { parse } from 'dotenv';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type Variables = Readonly<Record<string, string | undefined>>;

/** The variables `{{env.NAME}}` is filled from: the environment over .env.local over .env in `root`. */
export function readVariables(env: NodeJS.ProcessEnv, root: string): Record<string, string | undefined> {
  const fromFile = (file: string) => (existsSync(path.join(root, file)) ? parse(readFileSync(path.join(root, file))) : {});
  return { ...fromFile('.env'), ...fromFile('.env.local'), ...env };
}

const PLACEHOLDER = /\{\{\s*env\.([\w$]+)\s*\}\}/g;

/** Each NAME of a `{{env.NAME}}` anywhere in `value` (an entry of cloudbaserc.json's functions, or one string), once. */
export function envReferences(value: unknown): string[] {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? '';
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

/** `text` with every `{{env.NAME}}` replaced by the variable's value, "" when it is unset (as tcb deploys it). */
export function fillEnvPlaceholders(text: string, variables: Variables): string {
  return text.replace(PLACEHOLDER, (_m, name: string) => variables[name] ?? '');
}

/**
 * The variables the deployed functions read (src/core): a function sees only its cloudbaserc.json envVariables (or what
 * the console holds), never the shell `tcb` or the emulator was started from.
 */
export const FUNCTION_VARIABLES: readonly string[] = [
  'WXACODE_ALLOWED_PAGES',
  'WXACODE_ADMIN_OPENIDS',
  'WXACODE_RATE_LIMIT',
  'WXACODE_MAX_EVENT_BYTES',
  'WXACODE_HTTP_TOKENS',
  'WXACODE_SCENE_SECRET',
  'WXACODE_BATCH_QPS',
  'WXACODE_BATCH_RATE',
  'WXACODE_BATCH_WORKERS',
  'WXACODE_BATCH_LANES',
  'WXACODE_BATCH_ATTEMPTS',
  'WXACODE_BATCH_STALL_SECONDS',
];

/**
 * The function variables set in `env` (the shell of `start`) that no function's envVariables in cloudbaserc.json
 * names, neither as a key nor as `{{env.NAME}}`: they reach no function, locally as deployed. A missing or unreadable
 * file names none (the emulator reports that file itself).
 */
export function variablesNotPassedOn(rcPath: string, env: NodeJS.ProcessEnv): string[] {
  let functions: unknown;
  try {
    functions = (JSON.parse(readFileSync(rcPath, 'utf8')) as { functions?: unknown }).functions;
  } catch {
    return [];
  }
  const envVariables = Array.isArray(functions) ? functions.map((f) => (f as { envVariables?: unknown })?.envVariables ?? {}) : [];
  const named = new Set(envVariables.flatMap((vars) => [...(typeof vars === 'object' && vars ? Object.keys(vars) : []), ...envReferences(vars)]));
  return FUNCTION_VARIABLES.filter((name) => env[name] !== undefined && env[name] !== '' && !named.has(name));
}
