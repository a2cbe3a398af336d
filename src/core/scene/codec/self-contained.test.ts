import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The build copies these files into the page helpers' scene/ folder (the sample's miniprogram/wxacode/scene/), where only this folder and the mini program runtime exist.
const sources = readdirSync(__dirname).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));

describe('the codec folder the mini program gets a copy of', () => {
  it.each(sources)('%s imports nothing from outside its folder', (name) => {
    const text = readFileSync(join(__dirname, name), 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;=()]*?from\s*['"]([^'"]+)['"]|\b(?:require|import)\(\s*['"]([^'"]+)['"]/gm)].map(
      (m) => m[1] ?? m[2],
    );
    expect(specifiers.filter((s) => !/^\.\/[\w-]+$/.test(s))).toEqual([]);
  });

  it.each(sources)('%s uses no Node-only or missing-in-mini-program API', (name) => {
    const code = readFileSync(join(__dirname, name), 'utf8').replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    expect(code.match(/\b(Buffer|require|process|TextEncoder|TextDecoder|BigInt|crypto|atob|btoa)\b|\d+n\b/g) ?? []).toEqual([]);
  });

  it('exports every module from index.ts, so one import path serves pages', () => {
    const index = readFileSync(join(__dirname, 'index.ts'), 'utf8');
    const modules = sources.filter((n) => n !== 'index.ts').map((n) => `'./${n.replace(/\.ts$/, '')}'`);
    expect(modules.filter((m) => !index.includes(m))).toEqual([]);
  });
});
