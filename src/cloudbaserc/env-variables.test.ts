import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFunctionEnvVariables } from '../emulator/runner/cloudbaserc';
import { envReferences, fillEnvPlaceholders, readVariables, variablesNotPassedOn } from './env-variables';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rc-vars-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const rc = (functions: unknown[]) => {
  const path = join(dir, 'cloudbaserc.json');
  writeFileSync(path, JSON.stringify({ version: '2.0', functions }));
  return path;
};

test('{{env.NAME}} is filled from the environment over .env.local over .env, unset names with "" (as tcb deploys them)', () => {
  writeFileSync(join(dir, '.env'), 'A=from-env-file\nB=from-env-file\nC=from-env-file\n');
  writeFileSync(join(dir, '.env.local'), 'B=from-local\nC=from-local\n');
  const variables = readVariables({ C: 'from-shell' }, dir);
  expect(fillEnvPlaceholders('{{env.A}}/{{ env.B }}/{{env.C}}/{{env.D}}', variables)).toBe('from-env-file/from-local/from-shell/');
  expect(envReferences({ envVariables: { X: '{{env.A}}', Y: 'pre-{{ env.B }}', Z: '{{env.A}}' } })).toEqual(['A', 'B']);
});

test("the emulator gives a function the variables the deploy would: same file, same placeholders, same .env files", () => {
  const path = rc([{ name: 'wxacodeBatch', envVariables: { WXACODE_BATCH_QPS: '{{env.WXACODE_BATCH_QPS}}', WXACODE_BATCH_WORKERS: '{{env.WXACODE_BATCH_WORKERS}}', FIXED: 3 } }]);
  writeFileSync(join(dir, '.env.local'), 'WXACODE_BATCH_WORKERS=1\nWXACODE_BATCH_QPS=9\n');
  const before = process.env.WXACODE_BATCH_QPS;
  process.env.WXACODE_BATCH_QPS = '12';
  try {
    const deployed = readVariables(process.env, dir);
    expect(readFunctionEnvVariables(path, 'wxacodeBatch')).toEqual({
      WXACODE_BATCH_QPS: fillEnvPlaceholders('{{env.WXACODE_BATCH_QPS}}', deployed),
      WXACODE_BATCH_WORKERS: '1',
      FIXED: '3',
    });
    expect(readFunctionEnvVariables(path, 'wxacodeBatch').WXACODE_BATCH_QPS).toBe('12');
  } finally {
    if (before === undefined) delete process.env.WXACODE_BATCH_QPS;
    else process.env.WXACODE_BATCH_QPS = before;
  }
});

test('a function variable set in the shell that no envVariables names is reported; one passed on, or not set, is not', () => {
  const path = rc([
    { name: 'wxacodeGetUnlimited', envVariables: { WXACODE_ALLOWED_PAGES: 'pages/a' } },
    { name: 'wxacodeBatch', envVariables: { WXACODE_BATCH_RATE: '{{env.MY_RATE}}', WXACODE_HTTP_TOKENS: '{{env.WXACODE_HTTP_TOKENS}}' } },
  ]);
  const shell = { WXACODE_BATCH_QPS: '20', WXACODE_BATCH_RATE: '100', WXACODE_HTTP_TOKENS: 't', WXACODE_ALLOWED_PAGES: 'pages/b', WXACODE_BATCH_WORKERS: '', PATH: '/bin' };
  expect(variablesNotPassedOn(path, shell)).toEqual(['WXACODE_BATCH_QPS']);
  expect(variablesNotPassedOn(join(dir, 'missing.json'), shell)).toEqual([]);
});
