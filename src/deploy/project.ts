/**
 * What the deploy reads from the repository: the function list (src/functions/catalog.ts), what `tcb` reads
 * (cloudbaserc.json: runtime, timeout, envVariables, triggers) and what DevTools reads (each
 * cloudfunctions/<name>/config.json: permissions, triggers). Nothing here names a function.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { envReferences } from '../cloudbaserc/env-variables';
import { FUNCTIONS, type FunctionSpec } from '../functions/catalog';

/** A trigger as both cloudbaserc.json and config.json declare it (CloudBase supports `timer` only). */
export interface TriggerSpec {
  name: string;
  type: string;
  config: string;
}

export interface RcFunction {
  name: string;
  triggers: TriggerSpec[];
  /** the NAME of every `{{env.NAME}}` in the entry: tcb fills them from the environment, .env.local and .env */
  envReferences: string[];
}

export interface DeployProject {
  root: string;
  /** src/functions/catalog.ts, in its order */
  catalog: readonly FunctionSpec[];
  /** cloudbaserc.json's `functions`: what `tcb fn deploy` applies (it creates the triggers listed here) */
  rcFunctions: readonly RcFunction[];
  /** each catalog function's cloudfunctions/<name>/config.json triggers (what DevTools' 上传触发器 creates); undefined: no config.json */
  configTriggers: ReadonlyMap<string, TriggerSpec[] | undefined>;
}

/** `functionsDir`: where the function folders are (a team's cloudfunctionRoot); default <root>/cloudfunctions */
export function loadProject(root: string, catalog: readonly FunctionSpec[] = FUNCTIONS, functionsDir: string = path.join(root, 'cloudfunctions')): DeployProject {
  const rcFile = path.join(root, 'cloudbaserc.json');
  if (!existsSync(rcFile)) throw new Error(`${rcFile} is missing: tcb reads each function's runtime, timeout and triggers from it.`);
  const rc = parseJson(rcFile) as { functions?: unknown };
  if (!Array.isArray(rc.functions)) throw new Error(`${rcFile}: "functions" must be an array of {name, runtime, handler, timeout, triggers?}.`);
  const rcFunctions = rc.functions.map((entry, index) => rcFunction(entry, `${rcFile} functions[${index}]`));
  const configTriggers = new Map<string, TriggerSpec[] | undefined>();
  for (const fn of catalog) {
    const configFile = path.join(functionsDir, fn.name, 'config.json');
    if (!existsSync(configFile)) {
      configTriggers.set(fn.name, undefined);
      continue;
    }
    const config = parseJson(configFile) as { triggers?: unknown };
    configTriggers.set(fn.name, triggerList(config.triggers, configFile));
  }
  return { root, catalog, rcFunctions, configTriggers };
}

function rcFunction(entry: unknown, where: string): RcFunction {
  if (typeof entry !== 'object' || entry === null || typeof (entry as { name?: unknown }).name !== 'string') {
    throw new Error(`${where} must be an object with a string "name", got ${JSON.stringify(entry)}.`);
  }
  const { name, triggers } = entry as { name: string; triggers?: unknown };
  return { name, triggers: triggerList(triggers, `${where} (${name})`), envReferences: envReferences(entry) };
}

function triggerList(raw: unknown, where: string): TriggerSpec[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new Error(`${where}: "triggers" must be an array of {name, type, config}, got ${JSON.stringify(raw)}.`);
  return raw.map((t, i) => {
    const { name, type, config } = (t ?? {}) as Record<string, unknown>;
    if (typeof name !== 'string' || typeof type !== 'string' || typeof config !== 'string') {
      throw new Error(`${where}: triggers[${i}] must have string "name", "type" and "config" (e.g. {"name":"hourly","type":"timer","config":"0 0 * * * * *"}), got ${JSON.stringify(t)}.`);
    }
    return { name, type, config };
  });
}

function parseJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}): fix it and run npm run deploy again.`);
  }
}
