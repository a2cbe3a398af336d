import { createHash } from 'node:crypto';

/** The record `add` keeps at the project root of what it wrote, so a second run knows its own files. */
export const LOCK_FILE = 'wxacode-cloudbase.lock.json';
export const WRITTEN_BY = 'wxacode-cloudbase add';

export interface AddLock {
  writtenBy: typeof WRITTEN_BY;
  /** the package version that wrote the files */
  version: string;
  /** the functions added, by name */
  functions: string[];
  /** the page helpers' folder, relative to the project */
  helpers?: string;
  /** every file written, by path relative to the project ('/'), with the sha256 of the content written */
  files: Record<string, string>;
  /** cloudbaserc.json entries written, by function name, with the sha256 of the entry as JSON */
  cloudbaserc: Record<string, string>;
}

export function sha256(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** A lock read from disk, or a message saying why it cannot be used. */
export function parseLock(text: string): AddLock {
  const lock = JSON.parse(text) as Partial<AddLock>;
  if (lock.writtenBy !== WRITTEN_BY || typeof lock.files !== 'object' || !lock.files) {
    throw new Error(`${LOCK_FILE} is not a record written by ${WRITTEN_BY}; move it away and run again`);
  }
  return {
    writtenBy: WRITTEN_BY,
    version: String(lock.version ?? ''),
    functions: Array.isArray(lock.functions) ? lock.functions.filter((f): f is string => typeof f === 'string') : [],
    helpers: typeof lock.helpers === 'string' ? lock.helpers : undefined,
    files: lock.files,
    cloudbaserc: lock.cloudbaserc && typeof lock.cloudbaserc === 'object' ? lock.cloudbaserc : {},
  };
}

export function serializeLock(lock: AddLock): string {
  const files = Object.fromEntries(Object.entries(lock.files).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ ...lock, files }, null, 2)}\n`;
}
