import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pageHelperFiles } from '../../../scripts/build/page-helpers';
import { detectProject } from '../project/detect';
import { helperTarget } from './helpers-target';

/** This repository's sample mini program is set up as `add` sets up any project (written by `npm run build`). */
const ROOT = path.resolve(__dirname, '../../..');

it('is detected as native TypeScript with its two pages', () => {
  expect(detectProject(ROOT)).toMatchObject({ framework: 'native-ts', sourceRoot: 'miniprogram', cloudfunctionRoot: 'cloudfunctions', pages: ['pages/index/index', 'pages/make/make'] });
});

it('has the helpers where add puts them, in the form add chooses, with the content add writes', () => {
  const { dir, form } = helperTarget(detectProject(ROOT));
  expect({ dir, form }).toEqual({ dir: 'miniprogram/wxacode', form: 'ts' });
  for (const [file, text] of pageHelperFiles(ROOT, form)) expect(readFileSync(path.join(ROOT, dir, file), 'utf8')).toBe(text);
});
