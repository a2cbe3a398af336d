import { FUNCTIONS } from '../../src/functions/catalog';
import { bundleMetafile } from '../build';
import { EXCLUDED_MODULES, excludedModuleStub } from './excluded-modules';

const ENTRIES = Object.keys(EXCLUDED_MODULES);

/** the bundled files of a package entry (`node_modules/<name>/…`) or a file entry (`node_modules/<path>`) */
const carries = (input: string, entry: string) =>
  entry.endsWith('.js') ? input.endsWith(`node_modules/${entry}`) : input.includes(`node_modules/${entry}/`);

describe('modules left out of the bundles', () => {
  let inputsByFunction: Map<string, string[]>;
  beforeAll(async () => {
    inputsByFunction = new Map();
    for (const { name } of FUNCTIONS) {
      const meta = await bundleMetafile(name);
      inputsByFunction.set(name, Object.keys(Object.values(meta.outputs)[0].inputs));
    }
  }, 120_000);

  it.each(FUNCTIONS.map((f) => f.name))('%s carries none of the excluded modules', (name) => {
    const inputs = inputsByFunction.get(name)!;
    const carried = ENTRIES.flatMap((entry) => inputs.filter((input) => carries(input, entry)).map((input) => `${entry}: ${input}`));
    expect(carried).toEqual([]);
  });

  it('stubs each excluded module somewhere (an entry the SDK no longer requires is stale and should go)', () => {
    const stubbed = new Set([...inputsByFunction.values()].flat().filter((input) => input.startsWith('excluded-module:')));
    expect([...stubbed].sort()).toEqual(ENTRIES.map((entry) => `excluded-module:${entry}`).sort());
  });

  it('gives a stub that can be read at load time but names the module and the fix when called', () => {
    const module = { exports: {} as any };
    new Function('module', excludedModuleStub('jsonwebtoken', 'custom-login tickets'))(module);
    const stub = module.exports;
    expect(stub.__esModule).toBeUndefined();
    expect(typeof stub.default.sign).toBe('function');
    expect(() => stub.default.sign({})).toThrow(/jsonwebtoken is not in this bundle.*custom-login tickets.*EXCLUDED_MODULES/);
    expect(() => new stub.Client()).toThrow(/jsonwebtoken is not in this bundle/);
  });
});
