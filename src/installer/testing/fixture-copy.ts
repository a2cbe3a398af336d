import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const FIXTURES = path.resolve(__dirname, '..', '__fixtures__');

/** A fresh copy of a fixture project in a temporary folder; tests write only there. */
export function copyFixture(name: string): { dir: string; dispose(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), `wxacode-add-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies files of `from` that `into` lacks (the code files a configuration-only copy leaves out). */
export function overlayMissing(from: string, into: string): void {
  for (const entry of readdirSync(from)) {
    const source = path.join(from, entry);
    const target = path.join(into, entry);
    if (statSync(source).isDirectory()) overlayMissing(source, target);
    else if (!existsSync(target)) cpSync(source, target);
  }
}
