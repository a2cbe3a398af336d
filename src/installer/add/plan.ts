import type { DetectedProject } from '../project/detect';
import { joinRel } from '../project/files';
import { mergeCloudbaserc, type RcEntry, type RcMerge } from './cloudbaserc-merge';
import { helperTarget, type HelperForm } from './helpers-target';
import { LOCK_FILE, sha256, WRITTEN_BY, type AddLock } from './lock';

/** The pages file `add` writes beside each function's bundle (read by the function at cold start). */
export const PAGES_FILE = 'wxacode.pages.json';

/** What the package brings: built functions, page helpers in each form, cloudbaserc entries. */
export interface PackageContent {
  version: string;
  /** function name → file name → content */
  functions: Map<string, Map<string, Buffer>>;
  helpers: Record<HelperForm, Map<string, string>>;
  rcEntries: Map<string, RcEntry>;
}

/** What planning reads of the project (relative '/' paths). */
export interface ProjectState {
  readFile(rel: string): Buffer | undefined;
  exists(rel: string): boolean;
}

export type FileAction = 'create' | 'update' | 'unchanged' | 'edited' | 'remove' | 'edited-stale';

export interface PlannedFile {
  path: string;
  action: FileAction;
  /** for create and update */
  content?: Buffer;
}

export interface AddPlan {
  functions: string[];
  helpersDir: string;
  helperForm: HelperForm;
  files: PlannedFile[];
  cloudbaserc: RcMerge;
  lock: AddLock;
  /** paths that exist and that add did not write: nothing is written while there are any */
  conflicts: string[];
}

export interface PlanOptions {
  functions: string[];
  force: boolean;
}

const entryHash = (entry: unknown) => sha256(JSON.stringify(entry));

/**
 * Everything `add` would do, worked out without writing: each file with its action by the upgrade rule — a
 * file whose content equals the recorded hash is ours and may be replaced; one that differs was edited by the
 * team and is left (named; `force` replaces it); a file or function folder that exists and was never recorded
 * is a conflict, an error. Files `add` wrote before and no longer writes are removed when unedited.
 */
export function planAdd(project: DetectedProject, pkg: PackageContent, state: ProjectState, lock: AddLock | undefined, options: PlanOptions): AddPlan {
  const cfRoot = project.cloudfunctionRoot;
  if (cfRoot === undefined) throw new Error('planAdd: the project has no cloudfunctionRoot');
  const recorded = lock?.files ?? {};
  const { dir: helpersDir, form } = helperTarget(project);

  const wanted = new Map<string, Buffer>();
  const conflicts: string[] = [];
  for (const name of options.functions) {
    const files = pkg.functions.get(name);
    if (!files) throw new Error(`planAdd: no built function ${name}`);
    const folder = joinRel(cfRoot, name);
    const ours = Object.keys(recorded).some((p) => p.startsWith(`${folder}/`));
    if (state.exists(folder) && !ours) conflicts.push(`${folder}/`);
    for (const [file, content] of files) wanted.set(joinRel(folder, file), content);
    wanted.set(joinRel(folder, PAGES_FILE), Buffer.from(`${JSON.stringify({ pages: project.pages, writtenBy: WRITTEN_BY }, null, 2)}\n`));
  }
  const helpersOurs = Object.keys(recorded).some((p) => p.startsWith(`${helpersDir}/`));
  if (state.exists(helpersDir) && !helpersOurs) conflicts.push(`${helpersDir}/`);
  for (const [file, text] of pkg.helpers[form]) wanted.set(joinRel(helpersDir, file), Buffer.from(text));

  const files: PlannedFile[] = [];
  const newRecord: Record<string, string> = {};
  for (const [path, content] of wanted) {
    const hash = sha256(content);
    const current = state.readFile(path);
    if (current === undefined) {
      files.push({ path, action: 'create', content });
      newRecord[path] = hash;
      continue;
    }
    const currentHash = sha256(current);
    if (currentHash === hash) {
      files.push({ path, action: 'unchanged' });
      newRecord[path] = hash;
    } else if (recorded[path] === currentHash || options.force) {
      files.push({ path, action: 'update', content });
      newRecord[path] = hash;
    } else {
      // edited by the team (or, inside a conflicting folder, never ours): left as it is
      files.push({ path, action: 'edited' });
      if (recorded[path] !== undefined) newRecord[path] = recorded[path]!;
    }
  }
  for (const [path, hash] of Object.entries(recorded)) {
    if (wanted.has(path)) continue;
    const current = state.readFile(path);
    if (current === undefined) continue;
    if (sha256(current) === hash) files.push({ path, action: 'remove' });
    else {
      files.push({ path, action: 'edited-stale' });
      newRecord[path] = hash;
    }
  }

  const rcEntries = options.functions.map((name) => pkg.rcEntries.get(name) ?? { name, handler: 'index.main' });
  const rcText = state.readFile('cloudbaserc.json')?.toString('utf8');
  const cloudbaserc = mergeCloudbaserc(rcText, rcEntries, lock?.cloudbaserc ?? {}, cfRoot, entryHash, options.force);
  const newLock: AddLock = {
    writtenBy: WRITTEN_BY,
    version: pkg.version,
    functions: options.functions,
    helpers: helpersDir,
    files: newRecord,
    cloudbaserc: { ...(lock?.cloudbaserc ?? {}), ...cloudbaserc.recorded },
  };
  return { functions: options.functions, helpersDir, helperForm: form, files, cloudbaserc, lock: newLock, conflicts };
}

export { LOCK_FILE };
