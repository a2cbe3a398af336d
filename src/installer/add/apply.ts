import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { LOCK_FILE, serializeLock } from './lock';
import type { AddPlan, ProjectState } from './plan';

/** The writes `add` makes, as a port: the real file system, or a test's. */
export interface ProjectWriter {
  exists(abs: string): boolean;
  mkdir(abs: string): void;
  write(abs: string, content: Buffer | string): void;
  remove(abs: string): void;
}

export const diskWriter: ProjectWriter = {
  exists: (abs) => existsSync(abs),
  mkdir: (abs) => mkdirSync(abs, { recursive: true }),
  write: (abs, content) => writeFileSync(abs, content),
  remove: (abs) => rmSync(abs, { force: true }),
};

export function diskState(root: string): ProjectState {
  const abs = (rel: string) => path.join(root, ...rel.split('/'));
  return {
    readFile(rel) {
      try {
        return readFileSync(abs(rel));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
        throw error;
      }
    },
    exists(rel) {
      try {
        statSync(abs(rel));
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** A write refused because the folder is read-only; the message names the path and what to do. */
export class ReadOnlyError extends Error {
  constructor(readonly target: string, code: string) {
    super(`cannot write ${target} (${code}): the folder is read-only. Make the project folder writable (or run add as a user who may write it) and run again; nothing was changed`);
  }
}

const READ_ONLY = new Set(['EACCES', 'EROFS', 'EPERM']);

/**
 * Writes the plan: first a probe in each folder it writes into (so a read-only folder stops it before any
 * change), then the files, cloudbaserc.json and last the lock.
 */
export function applyPlan(root: string, plan: AddPlan, writer: ProjectWriter = diskWriter): void {
  const abs = (rel: string) => path.join(root, ...rel.split('/'));
  const writes = plan.files.filter((f) => f.action === 'create' || f.action === 'update');
  // the nearest existing folder above each file written, and the project folder (cloudbaserc.json, the lock)
  const probed = new Set<string>([root]);
  for (const f of writes) {
    let dir = path.dirname(abs(f.path));
    while (!writer.exists(dir) && dir !== root) dir = path.dirname(dir);
    probed.add(dir);
  }
  for (const dir of probed) {
    const probe = path.join(dir, `.wxacode-add-probe-${process.pid}`);
    try {
      writer.write(probe, '');
      writer.remove(probe);
    } catch (error) {
      throw asReadOnly(error, path.relative(root, dir) || '.');
    }
  }
  try {
    for (const f of writes) {
      writer.mkdir(path.dirname(abs(f.path)));
      writer.write(abs(f.path), f.content!);
    }
    for (const f of plan.files.filter((x) => x.action === 'remove')) writer.remove(abs(f.path));
    if (plan.cloudbaserc.text !== undefined) writer.write(abs('cloudbaserc.json'), plan.cloudbaserc.text);
    writer.write(abs(LOCK_FILE), serializeLock(plan.lock));
  } catch (error) {
    throw asReadOnly(error, root);
  }
}

function asReadOnly(error: unknown, target: string): Error {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code && READ_ONLY.has(code) ? new ReadOnlyError(target, code) : (error as Error);
}
