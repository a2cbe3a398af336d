import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SHEET_FONT_FILE, SHEET_FONT_LICENSE_FILE } from '../core/batch/files/sheet-font';
import { FUNCTIONS } from './catalog';
import { PRINT_SHEET_BUNDLE } from './print-sheet-bundle';

const ROOT = path.resolve(__dirname, '../..');

/** The built folders (npm test builds first) are exactly what DevTools and `tcb fn deploy` upload. */
describe.each(FUNCTIONS.map((f) => [f.name, f] as const))('cloudfunctions/%s', (name, spec) => {
  const folder = path.join(ROOT, 'cloudfunctions', name);

  test('holds only index.js, config.json and package.json (and the print sheet\'s bundle and font where sheets are made)', () => {
    const font = name === 'wxacodeBatch' ? [SHEET_FONT_LICENSE_FILE, SHEET_FONT_FILE, PRINT_SHEET_BUNDLE] : [];
    expect(readdirSync(folder).sort()).toEqual(['config.json', 'index.js', 'package.json', ...font].sort());
  });

  test('config.json grants exactly its own API and nothing else', () => {
    const config = JSON.parse(readFileSync(path.join(folder, 'config.json'), 'utf8'));
    expect(config.permissions).toEqual({ openapi: [...spec.openapi] });
    expect(Object.keys(config)).toEqual(['wxacodeHousekeeping', 'wxacodeBatch'].includes(name) ? ['permissions', 'triggers'] : ['permissions']);
  });

  test('package.json needs no install: wx-server-sdk is inside index.js', () => {
    const pkg = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
    expect(pkg).toMatchObject({ name, main: 'index.js', dependencies: {} });
  });

  test('index.js loads from a folder with no node_modules in reach and refuses a bad event without the SDK', () => {
    const isolated = mkdtempSync(path.join(tmpdir(), `wxacode-${name}-`));
    try {
      copyFileSync(path.join(folder, 'index.js'), path.join(isolated, 'index.js'));
      const script = `
        let sdkReachable = true; try { require.resolve('wx-server-sdk') } catch { sdkReachable = false }
        const m = require('./index.js');
        // housekeeping talks to the database at once, so it is only loaded here (src/e2e runs it in the emulator)
        if (${JSON.stringify(name)} === 'wxacodeHousekeeping') console.log(JSON.stringify({ sdkReachable, type: typeof m.main }));
        else m.main({ notAParameter: 1 }).then((r) => console.log(JSON.stringify({ sdkReachable, type: typeof m.main, r })));`;
      const out = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: isolated, encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }));
      expect(out.sdkReachable).toBe(false);
      expect(out.type).toBe('function');
      if (name === 'wxacodeHousekeeping') expect(out.r).toBeUndefined();
      else if (name === 'wxacodeBatch') expect(out.r).toEqual({ errCode: -700204, errMsg: expect.stringMatching(/^action: is required/) });
      else if (name === 'wxacodeAdmin') expect(out.r).toEqual({ errCode: 40097, errMsg: expect.stringMatching(/^action: must be one of stats, update/) });
      else if (spec.httpPath) expect(JSON.parse(out.r.body)).toEqual({ code: 1001, msg: expect.stringContaining('Authorization: Bearer') });
      else expect(out.r).toEqual({ errCode: 40097, errMsg: expect.stringMatching(/^notAParameter: is not a known parameter/) });
    } finally {
      rmSync(isolated, { recursive: true, force: true });
    }
  });
});
