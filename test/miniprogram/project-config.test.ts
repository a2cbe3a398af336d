import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseScene } from '../../miniprogram/wxacode/index';

const ROOT = join(__dirname, '..', '..');
const MINIPROGRAM = join(ROOT, 'miniprogram');
const project = JSON.parse(readFileSync(join(ROOT, 'project.config.json'), 'utf8'));
const app = JSON.parse(readFileSync(join(MINIPROGRAM, 'app.json'), 'utf8'));

/** files under dir, relative to it; lib/ is the build's copy of the codec, not ours to police here */
function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const relative = prefix ? `${prefix}/${name}` : name;
    if (relative === 'lib') return [];
    return statSync(join(dir, name)).isDirectory() ? listFiles(join(dir, name), relative) : [relative];
  });
}

describe('DevTools project', () => {
  it('compiles the TypeScript mini program in miniprogram/ with cloud functions in cloudfunctions/', () => {
    expect(project).toMatchObject({
      compileType: 'miniprogram',
      miniprogramRoot: 'miniprogram/',
      cloudfunctionRoot: 'cloudfunctions/',
      setting: { useCompilerPlugins: ['typescript'] },
    });
  });

  it('lists the pages the functions accept by default', () => {
    expect(app.pages).toEqual(['pages/index/index', 'pages/make/make']);
  });

  it('has scan conditions whose scene decodes the way a real scan would', () => {
    const scans = project.condition.miniprogram.list.filter((c: { pathName: string; query: string }) => c.query.startsWith('scene='));
    expect(scans.length).toBeGreaterThan(0);
    for (const condition of scans) {
      const query = Object.fromEntries(new URLSearchParams(condition.query.replace(/\+/g, '%2B')));
      expect(condition.pathName).toBe('pages/index/index');
      const parsed = parseScene(decodeURIComponent(query.scene));
      expect(parsed.form).toBe('inline');
    }
    const first = new URLSearchParams(scans[0].query).get('scene') as string;
    expect(parseScene(first)).toMatchObject({ data: { id: 42, name: '张三' } });
  });

  it('holds only what DevTools should compile in miniprogram/: no tests, no test support, no Node imports', () => {
    const files = listFiles(MINIPROGRAM);
    expect(files.filter((file) => /\.test\.ts$|jest\.config|tsconfig\.jest|test-support/.test(file))).toEqual([]);
    const nodeOrRepoImports = files
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => /from ['"](?:node:|fs['"]|path['"]|(?:\.\.\/)+src\/)|require\(['"]node:/.test(readFileSync(join(MINIPROGRAM, file), 'utf8')));
    expect(nodeOrRepoImports).toEqual([]);
  });

  it('keeps per-developer DevTools settings out of git', () => {
    const ignored = readFileSync(join(ROOT, '.gitignore'), 'utf8').split('\n').map((line) => line.trim());
    expect(ignored).toContain('project.private.config.json');
  });
});
