import type { DetectedProject } from '../project/detect';
import { joinRel } from '../project/files';

export type HelperForm = 'ts' | 'cjs' | 'esm';

/** The folder name of the page helpers inside the source tree. */
export const HELPERS_FOLDER = 'wxacode';

/**
 * Where the page helpers go and in which form: into the source tree the team edits (never a build output), at
 * `<sourceRoot>/wxacode/`, which each compiler resolves: DevTools compiles only inside miniprogramRoot, and a
 * native project's sources are there (or in srcMiniprogramRoot); Taro and uni-app bundle everything imported
 * from `src/`. TypeScript projects get .ts sources; JavaScript ones CommonJS for DevTools (its `require` is the
 * module system every base library version has) and ES modules for Taro and uni-app (their bundlers' own).
 */
export function helperTarget(project: Pick<DetectedProject, 'framework' | 'sourceRoot' | 'typescript'>): { dir: string; form: HelperForm } {
  const dir = joinRel(project.sourceRoot, HELPERS_FOLDER);
  if (project.typescript) return { dir, form: 'ts' };
  return { dir, form: project.framework === 'native-js' ? 'cjs' : 'esm' };
}
