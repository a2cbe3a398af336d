/**
 * PLACEHOLDER until branch i17-add is merged: the agreed interface of the project detector, which that branch
 * implements. The merge replaces this file with theirs.
 */
export interface DetectedProject {
  root: string;
  appid?: string;
  miniprogramRoot: string;
  sourceRoot: string;
  cloudfunctionRoot?: string;
  framework: 'native-js' | 'native-ts' | 'taro' | 'uniapp';
  pages: string[];
  functions: string[];
}

export class ProjectError extends Error {}

export function detectProject(dir: string): DetectedProject {
  throw new ProjectError(`project detection is not merged yet (branch i17-add); cannot read ${dir}`);
}
