/**
 * Which project the emulator serves, shared by `start` and `exec`: this repository (npm start, as before) or a
 * team's mini program (`--project dir`, default the current folder): its cloudfunctionRoot, its pages, its
 * cloudbaserc.json and appid, and its data in <project>/.wxacode-emulator/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { INSTALLED_PAGES_FILE } from '../adapters/wx-server-sdk/installed-pages';
import { emulatorAppid, PLACEHOLDER_APPID } from '../emulator/config';
import type { EmulatorOptions } from '../emulator/server';
import { detectProject, ProjectError, readPagesOption, type DetectedProject } from '../installer/project/detect';
import { UsageError } from './errors';

/** the data folder inside a team's project; `start` asks them to git-ignore it */
export const PROJECT_DATA_DIR = '.wxacode-emulator';

export interface EmulatorTarget {
  /** the project root the emulator reads */
  root: string;
  functionsDir: string;
  /** where on-disk data goes when not in memory */
  dataDir: string;
  /** set for a team's project */
  project?: DetectedProject;
  /** the createEmulator options that point it at this target (data and port left to the caller) */
  options: EmulatorOptions;
}

/** This repository, as `npm start` has always run it: cloudfunctions/, miniprogram/app.json, .emulator-data/. */
export function repositoryTarget(root: string): EmulatorTarget {
  return { root, functionsDir: join(root, 'cloudfunctions'), dataDir: join(root, '.emulator-data'), options: { rootDir: root } };
}

/** A team's mini program project, read by the detector that `add` uses too. */
export function projectTarget(dir: string, env: NodeJS.ProcessEnv, cwd: string = process.cwd(), given = true, pagesOption?: string): EmulatorTarget {
  const root = resolve(cwd, dir);
  // a message names --project when the user gave it, else says which folder was tried and how to name another
  const where = given ? `--project ${dir}` : `the current folder (${root}; --project <dir> for another)`;
  if (!existsSync(root)) throw new UsageError(`${where}: no such folder. Give the folder holding project.config.json`);
  let project: DetectedProject;
  try {
    project = detectProject(root, { pages: pagesOption === undefined ? undefined : readPagesOption(pagesOption, cwd) });
  } catch (error) {
    if (error instanceof ProjectError) throw new UsageError(`${where}: ${error.message}`);
    throw error;
  }
  if (!project.cloudfunctionRoot) {
    throw new UsageError(
      `${where}: project.config.json has no cloudfunctionRoot, so there are no cloud functions to run. Set "cloudfunctionRoot": "cloudfunctions/" in project.config.json, then run npx wxacode-cloudbase add`,
    );
  }
  const functionsDir = join(project.root, project.cloudfunctionRoot);
  const pages = [...project.pages];
  // WX_APPID still wins, as in npm start; else the detected appid (project.config.json or its private twin)
  // DevTools writes "touristappid" (测试号 / no appid yet); like npm start, the emulator then uses its placeholder
  const detected = project.appid && /^wx[0-9A-Za-z]{16}$/.test(project.appid) ? project.appid : PLACEHOLDER_APPID;
  const appid = env.WX_APPID ? emulatorAppid(project.root, env) : detected;
  return {
    root: project.root,
    functionsDir,
    dataDir: join(project.root, PROJECT_DATA_DIR),
    project,
    options: {
      rootDir: project.root,
      appid,
      functionsDir,
      cloudbasercPath: join(project.root, 'cloudbaserc.json'),
      // WeChat's check_path against the project's pages (main package and subpackages), whatever framework wrote
      // them. The code functions' own page policy is the wxacode.pages.json add wrote beside each, as when
      // deployed; stalePagesFiles() tells when it lags behind the project
      appPages: () => pages,
    },
  };
}

/**
 * The functions whose wxacode.pages.json (written by add, read by the function) lacks pages the project has:
 * deployed as they are, they would refuse codes for those pages (-700104). Each with the pages it lacks.
 */
export function stalePagesFiles(functionsDir: string, pages: readonly string[]): { name: string; missing: string[] }[] {
  const stale: { name: string; missing: string[] }[] = [];
  for (const name of servableFunctions(functionsDir)) {
    const file = join(functionsDir, name, INSTALLED_PAGES_FILE);
    if (!existsSync(file)) continue;
    let listed: unknown;
    try {
      listed = (JSON.parse(readFileSync(file, 'utf8')) as { pages?: unknown }).pages;
    } catch {
      listed = undefined; // the function itself reports a malformed file, naming it, on its first call
    }
    if (!Array.isArray(listed)) continue;
    const missing = pages.filter((page) => !listed.includes(page));
    if (missing.length > 0) stale.push({ name, missing });
  }
  return stale;
}

/**
 * Functions whose package.json dependencies are not installed where Node would look for them (their node_modules
 * or a parent's). DevTools' 云端安装依赖 installs them in the cloud only, so a team's folders often have none; the
 * emulator runs the folder as it is, and such a function would fail on its first require.
 */
export function uninstalledDependencies(functionsDir: string): { name: string; missing: string[] }[] {
  const result: { name: string; missing: string[] }[] = [];
  for (const name of servableFunctions(functionsDir)) {
    const dir = join(functionsDir, name);
    let dependencies: Record<string, unknown> = {};
    try {
      dependencies = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, unknown> }).dependencies ?? {};
    } catch {
      continue; // no or unreadable package.json: nothing declared to check
    }
    const missing = Object.keys(dependencies).filter((dependency) => !installedFrom(dir, dependency));
    if (missing.length > 0) result.push({ name, missing });
  }
  return result;
}

function installedFrom(dir: string, dependency: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    if (existsSync(join(at, 'node_modules', dependency, 'package.json'))) return true;
    if (dirname(at) === at) return false;
  }
}

/** the folders of functionsDir that hold an index.js, i.e. what the runner can serve */
export function servableFunctions(functionsDir: string): string[] {
  if (!existsSync(functionsDir)) return [];
  return readdirSync(functionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(functionsDir, entry.name, 'index.js')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Whether git ignores `dir` inside `root`: `git check-ignore` when root is in a git work tree (it knows nested and
 * global ignore files); else a plain look at root's .gitignore. undefined: cannot tell (no git, no .gitignore).
 */
export function isGitIgnored(root: string, dir: string): boolean | undefined {
  const git = spawnSync('git', ['check-ignore', '-q', relative(root, dir) || '.'], { cwd: root, stdio: 'ignore' });
  if (git.status === 0) return true;
  if (git.status === 1) return false;
  const file = join(root, '.gitignore');
  if (!existsSync(file)) return undefined;
  const name = relative(root, dir).replace(/\\/g, '/');
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.trim());
  return lines.some((line) => [name, `${name}/`, `/${name}`, `/${name}/`].includes(line));
}
