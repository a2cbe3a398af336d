import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { staleFunctionsReason } from './build-freshness';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'wxacode-fresh-'));
  mkdirSync(join(root, 'src', 'core'), { recursive: true });
  mkdirSync(join(root, 'src', 'emulator'), { recursive: true });
  mkdirSync(join(root, 'cloudfunctions', 'fnA'), { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const touch = (path: string, secondsAgo: number) => {
  writeFileSync(path, '//');
  const t = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(path, t, t);
};

describe('staleFunctionsReason', () => {
  it('asks for a build when a bundle is missing', () => {
    touch(join(root, 'src', 'core', 'a.ts'), 100);
    expect(staleFunctionsReason(root)).toBe(join('cloudfunctions', 'fnA', 'index.js') + ' is missing');
  });

  it('asks for a build when a source is newer than a bundle', () => {
    touch(join(root, 'cloudfunctions', 'fnA', 'index.js'), 100);
    touch(join(root, 'src', 'core', 'a.ts'), 10);
    expect(staleFunctionsReason(root)).toContain(join('src', 'core', 'a.ts'));
  });

  it('ignores tests and the emulator sources', () => {
    touch(join(root, 'src', 'core', 'a.ts'), 100);
    touch(join(root, 'cloudfunctions', 'fnA', 'index.js'), 50);
    touch(join(root, 'src', 'core', 'a.test.ts'), 10);
    touch(join(root, 'src', 'emulator', 'server.ts'), 10);
    expect(staleFunctionsReason(root)).toBeUndefined();
  });
});
