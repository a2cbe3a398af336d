import { ProjectError } from '../project-error';
import { readTaroAppConfig } from './taro-app-config';

describe('readTaroAppConfig: the app configuration read without running it', () => {
  it('export default of an object literal', () => {
    expect(readTaroAppConfig("export default { pages: ['pages/index/index'], window: { navigationBarTitleText: 'x' } }", 'app.config.ts')).toMatchObject({ pages: ['pages/index/index'] });
  });

  it('defineAppConfig, constants, spreads, casts, template strings without expressions', () => {
    const source = `
      import { something } from './elsewhere';
      const common = ['pages/a/a'] as const;
      const sub = { root: 'pkg', pages: [\`detail/index\`] };
      export default defineAppConfig({ pages: [...common, 'pages/b/b'], subPackages: [sub], tabBar: { list: something } } satisfies Taro.Config);
    `;
    expect(readTaroAppConfig(source, 'app.config.ts')).toMatchObject({ pages: ['pages/a/a', 'pages/b/b'], subPackages: [{ root: 'pkg', pages: ['detail/index'] }] });
  });

  it('const config = {...}; export default config', () => {
    expect(readTaroAppConfig("const config = { pages: ['p/q'] }\nexport default config", 'app.config.js')).toMatchObject({ pages: ['p/q'] });
  });

  it('module.exports = {...} (app.config.js)', () => {
    expect(readTaroAppConfig("module.exports = { pages: ['p/q'] }", 'app.config.js')).toMatchObject({ pages: ['p/q'] });
  });

  it.each([
    ["import { pages } from './routes'; export default { pages }", 'a variable from another file'],
    ["export default { pages: process.env.X ? ['a/a'] : ['b/b'] }", 'a condition'],
    ["export default { pages: ['a/a', makePage()] }", 'a call'],
    ["export default { pages: ['a/a'], subpackages: [{ root: prefix(), pages: ['x'] }] }", 'a computed subpackage root'],
  ])('computed pages are refused with a message, never guessed: %s (%s)', (source) => {
    expect(() => readTaroAppConfig(source, 'src/app.config.ts')).toThrow(ProjectError);
    expect(() => readTaroAppConfig(source, 'src/app.config.ts')).toThrow(/pages are computed.*--pages/);
  });

  it('a file that does not parse, or has no default export', () => {
    expect(() => readTaroAppConfig('export default {', 'src/app.config.ts')).toThrow(/src\/app\.config\.ts: could not be parsed/);
    expect(() => readTaroAppConfig("export const pages = ['a']", 'src/app.config.ts')).toThrow(/no `export default`/);
  });
});
