import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { emulatorAsset } from '../../emulator/assets';

/**
 * The project compiled as WeChat DevTools compiles it for upload, by miniprogram-ci (the DevTools compiler as a
 * package), offline: no private key is needed to compile, and the project attributes it would fetch are given.
 * Returns the compiled files by path relative to miniprogramRoot.
 */
export async function compileWithDevTools(projectPath: string, appid: string): Promise<Record<string, string>> {
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'wxacode-devtools-')), 'compiled.json');
  // in a process of its own: the compiler forks workers and keeps handles open after it is done
  const script = `
    const ci = require(${JSON.stringify(require.resolve('miniprogram-ci'))});
    const attr = ${JSON.stringify(PROJECT_ATTR)};
    const project = new ci.Project({ appid: ${JSON.stringify(appid)}, type: 'miniProgram', projectPath: ${JSON.stringify(projectPath)},
      privateKey: 'offline: compiling only', attr: async () => attr, ignores: ['node_modules/**/*', 'cloudfunctions/**/*', 'cloud/**/*'] });
    ci.getCompiledResult({ project, setting: { es6: true, minify: false }, onProgressUpdate: () => undefined })
      .then((r) => { const o = {}; for (const k of Object.keys(r)) o[k] = r[k].toString(); require('fs').writeFileSync(${JSON.stringify(out)}, JSON.stringify(o)); process.exit(0); })
      .catch((e) => { console.error('COMPILE FAILED: ' + (e && e.message || e)); process.exit(1); });`;
  // In a scratch folder (the compiler leaves cache folders in its working directory) and behind the loopback guard:
  // it asks a WeChat host about the app, which tests must never reach (it carries on without the answer).
  const run = spawnSync(process.execPath, ['--require', emulatorAsset('runner/loopback-guard.js'), '-e', script], {
    encoding: 'utf8',
    timeout: 120_000,
    cwd: path.dirname(out),
  });
  try {
    if (run.status !== 0) throw new Error(`DevTools' compiler failed: ${(run.stderr.match(/COMPILE FAILED: .*/) ?? [run.stderr.slice(-2000)])[0]}`);
    return JSON.parse(readFileSync(out, 'utf8')) as Record<string, string>;
  } finally {
    rmSync(path.dirname(out), { recursive: true, force: true });
  }
}

const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

/** What the compiler would fetch about the app with a private key: the limits of an ordinary mini program. */
const PROJECT_ATTR = {
  platform: false,
  appType: 0,
  isSandbox: false,
  released: false,
  gameApp: false,
  setting: { MaxCodeSize: 2, MaxSubpackageSubCodeSize: 2, MaxSubpackageFullCodeSize: 20, NavigateMiniprogramLimit: 10, MaxSubPackageLimit: 100, MinTabbarCount: 2, MaxTabbarCount: 5, MaxTabbarIconSize: 40, MaxCustomTabbarCount: 5 },
};

/**
 * The fixtures keep configuration only; the compiler checks that what it names exists. Stubs every page, the
 * theme and sitemap files app.json names, and every custom component a JSON file uses, where missing.
 */
export function stubReferencedFiles(sourceDir: string, pages: readonly string[]): void {
  const put = (file: string, text: string | Buffer) => {
    if (existsSync(file)) return;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  };
  const app = JSON.parse(readFileSync(path.join(sourceDir, 'app.json'), 'utf8')) as { themeLocation?: string; sitemapLocation?: string; workers?: unknown };
  if (typeof app.workers === 'string') put(path.join(sourceDir, app.workers, 'index.js'), 'worker.onMessage(() => undefined);\n');
  if (app.themeLocation) {
    // each "@variable" of app.json, with a value its key accepts
    const theme: Record<string, string> = {};
    const walk = (value: unknown, key: string) => {
      if (typeof value === 'string' && value.startsWith('@')) {
        theme[value.slice(1)] = /navigationBarTextStyle/.test(key) ? 'black' : /backgroundTextStyle/.test(key) ? 'dark' : /Path$/i.test(key) ? `stub-icons/${value.slice(1)}.png` : /borderStyle/.test(key) ? 'black' : '#000000';
        if (/Path$/i.test(key)) put(path.join(sourceDir, theme[value.slice(1)]!), Buffer.from(PNG_1X1, 'base64'));
      } else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k);
    };
    walk(app, '');
    put(path.join(sourceDir, app.themeLocation), JSON.stringify({ light: theme, dark: theme }));
  }
  if (app.sitemapLocation) put(path.join(sourceDir, app.sitemapLocation), '{ "rules": [{ "action": "allow", "page": "*" }] }');
  const jsons = ['app.json', ...pages.map((p) => `${p}.json`)];
  for (const page of pages) {
    put(path.join(sourceDir, `${page}.wxml`), '<view>{{scene}}</view>');
    put(path.join(sourceDir, `${page}.json`), '{}');
  }
  for (const json of jsons) {
    const using = (JSON.parse(readFileSync(path.join(sourceDir, json), 'utf8')) as { usingComponents?: Record<string, string> }).usingComponents ?? {};
    for (const target of Object.values(using)) {
      // plugins' and the extended library's components (useExtendedLib: weui) are not files of the project
      if (target.startsWith('plugin://') || target.startsWith('weui-miniprogram/')) continue;
      const base = target.startsWith('/') ? path.join(sourceDir, target) : path.join(sourceDir, path.dirname(json), target);
      if (existsSync(`${base}.js`) || existsSync(`${base}.ts`)) continue;
      put(`${base}.js`, 'Component({});\n');
      put(`${base}.json`, '{ "component": true }');
      put(`${base}.wxml`, '<view></view>');
    }
  }
}

/**
 * Runs a compiled file as the mini program runtime would: CommonJS over the compiled files, with the given
 * globals (wx, Page, App). Returns its exports.
 */
export function requireCompiled(files: Record<string, string>, entry: string, globals: Record<string, unknown>): Record<string, unknown> {
  const context = vm.createContext({ ...globals, console });
  const cache = new Map<string, { exports: Record<string, unknown> }>();
  const load = (file: string): Record<string, unknown> => {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const source = files[file];
    if (source === undefined) throw new Error(`no compiled file ${file}`);
    const module = { exports: {} as Record<string, unknown> };
    cache.set(file, module);
    const localRequire = (spec: string) => {
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const found = [base, `${base}.js`, `${base}/index.js`].find((f) => files[f] !== undefined);
      if (!found) throw new Error(`${file}: require('${spec}') resolves to no compiled file`);
      return load(found);
    };
    const fn = vm.runInContext(`(function (module, exports, require) {${source}\n})`, context, { filename: file }) as (m: unknown, e: unknown, r: unknown) => void;
    fn(module, module.exports, localRequire);
    return module.exports;
  };
  return load(entry);
}
