import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEFAULT_ENV_ID = 'wxacode-local-1a2b';
export const PLACEHOLDER_APPID = 'wx0000000000000000';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** The emulator holds fake credentials and unauthenticated control endpoints: it must not be reachable from the network. */
export function assertLoopbackHost(host: string): void {
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`the emulator only listens on loopback (127.0.0.1, localhost, ::1); refusing host "${host}"`);
  }
}

/** `appid` of project.config.json (WeChat DevTools' project file) when present, else a placeholder. */
export function defaultAppid(rootDir: string): string {
  let text: string;
  try {
    text = readFileSync(join(rootDir, 'project.config.json'), 'utf8');
  } catch {
    return PLACEHOLDER_APPID;
  }
  try {
    const appid = (JSON.parse(text) as { appid?: unknown }).appid;
    return typeof appid === 'string' && appid !== '' && appid !== 'touristappid' ? appid : PLACEHOLDER_APPID;
  } catch (err) {
    throw new Error(`${join(rootDir, 'project.config.json')} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * The emulator's appid: WX_APPID when set (the app's real appid, so the codes and tokens name it), else
 * project.config.json's, else a placeholder. A malformed WX_APPID is an error naming the variable.
 */
export function emulatorAppid(rootDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.WX_APPID;
  if (fromEnv === undefined || fromEnv === '') return defaultAppid(rootDir);
  if (!/^wx[0-9A-Za-z]{16}$/.test(fromEnv)) {
    throw new Error(`WX_APPID must be a mini program AppID: "wx" and 16 letters or digits, e.g. wx1234567890abcdef; got "${fromEnv}". Unset it to use project.config.json's appid`);
  }
  return fromEnv;
}

export function generateAppSecret(): string {
  return randomBytes(16).toString('hex');
}

/** A positive integer from an environment variable, undefined when unset, an error naming the variable otherwise. */
export function positiveIntegerFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/**
 * The name Short Links show (#小程序://<name>/…): WXACODE_EMULATOR_APP_NAME, else project.config.json's projectname
 * (WeChat DevTools' name of the project), else `fallback`.
 */
export function emulatorAppName(rootDir: string, fallback: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.WXACODE_EMULATOR_APP_NAME?.trim();
  if (fromEnv) return fromEnv;
  try {
    const name = (JSON.parse(readFileSync(join(rootDir, 'project.config.json'), 'utf8')) as { projectname?: unknown }).projectname;
    // a Short Link's name is one path segment
    if (typeof name === 'string' && name.trim() !== '' && !name.includes('/')) return name.trim();
  } catch {
    // no or unreadable project.config.json: its appid's reader reports a malformed one
  }
  return fallback;
}
