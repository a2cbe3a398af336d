import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { installedPages, INSTALLED_PAGES_FILE } from './installed-pages';

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'wxacode-pages-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('undefined without the file: the baked pages apply', () => {
  expect(installedPages(dir)).toBeUndefined();
});

it('the pages of the file', () => {
  writeFileSync(path.join(dir, INSTALLED_PAGES_FILE), JSON.stringify({ pages: ['pages/a/a', 'sub/b'], writtenBy: 'wxacode-cloudbase add' }));
  expect(installedPages(dir)).toEqual(['pages/a/a', 'sub/b']);
});

it.each([['not json'], [JSON.stringify({ pages: 'pages/a/a' })], [JSON.stringify({ pages: ['/pages/a/a'] })], [JSON.stringify({})]])('a malformed file is an error naming it: %s', (text) => {
  writeFileSync(path.join(dir, INSTALLED_PAGES_FILE), text);
  expect(() => installedPages(dir)).toThrow(INSTALLED_PAGES_FILE);
});
