import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { detectProject } from '../project/detect';
import { copyFixture } from '../testing/fixture-copy';
import { add } from '../testing/run-add';

/**
 * In TypeScript projects the helpers `add` writes type-check under the project's own tsconfig.json, strict or
 * not: native TypeScript with the mini program's typings (miniprogram-api-typings, as DevTools' template has
 * them), Taro and uni-app without them (the helpers type the few wx APIs they use themselves). A page using
 * them is checked too, so a wrong export or type shows here.
 */
const REPO_NODE_MODULES = path.resolve(__dirname, '../../../node_modules');
const CASES = [
  { fixture: 'native-ts', tsconfig: 'tsconfig.json', types: ['miniprogram-api-typings'] },
  { fixture: 'taro-wxcloud', tsconfig: 'client/tsconfig.json', types: [] },
  { fixture: 'taro-subpackages', tsconfig: 'tsconfig.json', types: [] },
  { fixture: 'uniapp-nested', tsconfig: 'uniapp/tsconfig.json', types: [] },
];

const PAGE = `import { resolveScene, sceneFromQuery, sceneFromScanResult, sceneOfEntry, wxacodeGetUnlimited, isSuccess, type SceneData } from '../../wxacode/index';

export let lastCode = '';

export async function onLoad(query: Record<string, string | undefined>): Promise<SceneData | undefined> {
  const scene = sceneFromQuery(query) ?? sceneOfEntry('pages/index/index') ?? sceneFromScanResult({ path: 'pages/index/index?scene=a%3D1' });
  if (scene === undefined) return undefined;
  const made = await wxacodeGetUnlimited({ sceneData: { id: 42 }, page: 'pages/index/index' });
  if (isSuccess(made)) lastCode = made.tempFileURL + ' ' + (made.sceneMode ?? '');
  const outcome = await resolveScene(scene);
  return isSuccess(outcome) ? outcome.data : undefined;
}
`;

let dispose: (() => void) | undefined;
afterEach(() => dispose?.());

it.each(CASES)('$fixture: the helpers and a page using them type-check under $tsconfig', async ({ fixture, tsconfig, types }) => {
  const copy = copyFixture(fixture);
  dispose = copy.dispose;
  expect((await add(copy.dir)).code).toBe(0);
  const project = detectProject(copy.dir);
  const page = path.join(copy.dir, project.sourceRoot, 'pages/index/wxacode-page.ts');
  mkdirSync(path.dirname(page), { recursive: true });
  writeFileSync(page, PAGE);

  const configPath = path.join(copy.dir, tsconfig);
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, path.dirname(configPath), { noEmit: true, typeRoots: [REPO_NODE_MODULES], types, lib: ['lib.es2020.d.ts'] });
  const helpers = path.join(copy.dir, project.sourceRoot, 'wxacode');
  const roots = [page, ...parsed.fileNames.filter((f) => f.startsWith(helpers))];
  const program = ts.createProgram(roots, { ...parsed.options, strict: true });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n') + (d.file ? ` (${path.relative(copy.dir, d.file.fileName)})` : ''));
  expect(diagnostics).toEqual([]);
  expect(program.getSourceFiles().some((f) => f.fileName === path.join(helpers, 'scene/parse-scene.ts'))).toBe(true);
}, 60_000);
