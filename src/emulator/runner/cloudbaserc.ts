import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fillEnvPlaceholders, readVariables } from '../../cloudbaserc/env-variables';

/**
 * `functions[].envVariables` for one function from cloudbaserc.json (the file `tcb fn deploy`
 * reads), so the emulated function gets the same variables as the deployed one. `{{env.NAME}}`
 * placeholders are filled as the deploy fills them: from the emulator's environment over .env.local over .env beside
 * cloudbaserc.json (src/cloudbaserc/env-variables.ts).
 * A missing file means no variables; an unreadable one is an error, not a silent default.
 */
export function readFunctionEnvVariables(rcPath: string, functionName: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(rcPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (err) {
    throw new Error(`${rcPath} is not valid JSON: ${(err as Error).message}`);
  }
  const functions = (config as { functions?: unknown }).functions;
  if (functions === undefined) return {};
  if (!Array.isArray(functions)) throw new Error(`${rcPath}: "functions" must be an array`);
  const entry = functions.find((f) => (f as { name?: unknown })?.name === functionName) as { envVariables?: unknown } | undefined;
  if (!entry || entry.envVariables === undefined) return {};
  const vars = entry.envVariables;
  if (typeof vars !== 'object' || vars === null || Array.isArray(vars)) {
    throw new Error(`${rcPath}: envVariables of function "${functionName}" must be an object`);
  }
  const out: Record<string, string> = {};
  const variables = readVariables(process.env, dirname(rcPath));
  for (const [key, value] of Object.entries(vars)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new Error(`${rcPath}: envVariables.${key} of function "${functionName}" must be a string`);
    }
    out[key] = fillEnvPlaceholders(String(value), variables);
  }
  return out;
}

/** `functions[].memorySize` (MB) for one function from cloudbaserc.json, as `tcb fn deploy` configures it; undefined when not set. */
export function readFunctionMemoryMb(rcPath: string, functionName: string): number | undefined {
  return positiveSetting(rcPath, functionName, 'memorySize');
}

/**
 * `functions[].timeout` (seconds) for one function from cloudbaserc.json, in ms: the time limit CloudBase gives the
 * deployed function (SCF's time_limit_in_ms), so a batch worker's slice runs as long locally as it would there.
 */
export function readFunctionTimeoutMs(rcPath: string, functionName: string): number | undefined {
  const seconds = positiveSetting(rcPath, functionName, 'timeout');
  return seconds === undefined ? undefined : seconds * 1000;
}

/**
 * The parsed file, read again only when it changed: every invocation asks for its function's timeout and memory, and
 * parsing the file twice per call was work on the emulator's hot path.
 */
const parsedFiles = new Map<string, { mtimeMs: number; size: number; config: unknown }>();

function parsedConfig(rcPath: string): unknown {
  try {
    const { mtimeMs, size } = statSync(rcPath);
    const cached = parsedFiles.get(rcPath);
    if (cached && cached.mtimeMs === mtimeMs && cached.size === size) return cached.config;
    const config: unknown = JSON.parse(readFileSync(rcPath, 'utf8'));
    parsedFiles.set(rcPath, { mtimeMs, size, config });
    return config;
  } catch {
    // a missing file configures nothing; an unreadable one is reported by readFunctionEnvVariables when the function starts
    parsedFiles.delete(rcPath);
    return undefined;
  }
}

function positiveSetting(rcPath: string, functionName: string, key: 'memorySize' | 'timeout'): number | undefined {
  const config = parsedConfig(rcPath);
  if (typeof config !== 'object' || config === null) return undefined;
  const functions = (config as { functions?: unknown }).functions;
  if (!Array.isArray(functions)) return undefined;
  const entry = functions.find((f) => (f as { name?: unknown })?.name === functionName) as Record<string, unknown> | undefined;
  const value = entry?.[key];
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}
