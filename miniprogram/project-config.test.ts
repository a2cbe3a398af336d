import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScene } from './lib/scene/index';

const project = JSON.parse(readFileSync(join(__dirname, '..', 'project.config.json'), 'utf8'));
const app = JSON.parse(readFileSync(join(__dirname, 'app.json'), 'utf8'));

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

  it('keeps tests and test config out of the uploaded package', () => {
    const ignored = project.packOptions.ignore.map((rule: { type: string; value: string }) => `${rule.type}:${rule.value}`);
    expect(ignored).toEqual(expect.arrayContaining(['suffix:.test.ts', 'folder:test-support', 'file:jest.config.js', 'file:tsconfig.jest.json']));
  });
});
