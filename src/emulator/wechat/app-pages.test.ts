import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAppPages, readAppPages } from './app-pages';

function writeAppJson(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'app-pages-')), 'app.json');
  writeFileSync(file, content);
  return file;
}

describe('readAppPages', () => {
  it('lists main pages then subpackage pages under their root, from either spelling', () => {
    const file = writeAppJson(
      JSON.stringify({
        pages: ['pages/index/index', 'pages/about/about'],
        subpackages: [{ root: 'packageA/', pages: ['pages/cat/cat'] }],
        subPackages: [{ root: 'packageB', pages: ['/dog'] }],
      }),
    );
    expect(readAppPages(file).pages).toEqual(['pages/index/index', 'pages/about/about', 'packageA/pages/cat/cat', 'packageB/dog']);
  });

  it('sees edits on the next read', () => {
    const file = writeAppJson(JSON.stringify({ pages: ['pages/a'] }));
    expect(readAppPages(file).pages).toEqual(['pages/a']);
    writeFileSync(file, JSON.stringify({ pages: ['pages/a', 'pages/b'] }));
    expect(readAppPages(file).pages).toEqual(['pages/a', 'pages/b']);
  });

  it('explains a missing file, bad JSON and bad fields', () => {
    expect(() => readAppPages('/nonexistent/app.json')).toThrow(/cannot read app.json at \/nonexistent\/app.json/);
    expect(() => readAppPages(writeAppJson('{pages:'))).toThrow(/not valid JSON/);
    expect(() => parseAppPages({ pages: 'pages/a' })).toThrow(/pages must be an array/);
    expect(() => parseAppPages({ pages: [], subpackages: [{ pages: ['x'] }] })).toThrow(/subpackages\[0\] must be an object with a non-empty string root/);
    expect(() => parseAppPages({ pages: [], subPackages: {} })).toThrow(/subPackages must be an array/);
    expect(() => parseAppPages([])).toThrow(/JSON object/);
  });
});
