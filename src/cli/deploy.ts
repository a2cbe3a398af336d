/**
 * `wxacode-cloudbase deploy` (and `npm run deploy`): deploys the code functions with `tcb`, checks each, ends with a
 * table. In this repository it builds them first; on a team's project (`--project dir`, or the current folder when
 * the CLI is installed) it deploys the bundles `add` put in their cloudfunctionRoot, as they are.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadProject } from '../deploy/project';
import { runDeploy, USAGE } from '../deploy/run';
import { FUNCTIONS } from '../functions/catalog';
import { CliFailure, UsageError, type CliIo } from './errors';

export interface DeployHooks {
  /** this repository's root when it is the default target (npm run deploy) */
  repositoryRoot?: string;
  /** builds the named functions (scripts/build.ts); only in this repository */
  build?: (names: readonly string[]) => Promise<void>;
}

/** the installed command's usage: a team's project instead of this repository's build */
export function deployUsage(program: string): string {
  return `usage: ${program} [--project <dir>] [--dry-run] [<function> …]
Deploys the code functions add put in the project to your CloudBase environment with tcb, checks each, ends with a table.
  --project <dir>  the project holding cloudbaserc.json (default: here)
  (no name)        every code function in its cloudfunctionRoot (the bundles add wrote; nothing is built)
  <function>       only these
  --dry-run        print the exact tcb commands, run none
  ENV_ID           the CloudBase env id, from the environment or .env.local / .env (git-ignored)
  WXACODE_TCB_BIN  the tcb executable (default: tcb on PATH; install it with npm i -g @cloudbase/cli, log in with tcb login)
${USAGE.split('\n').find((line) => line.startsWith('exit status'))}`;
}

export async function runDeployCommand(argv: readonly string[], io: CliIo, hooks: DeployHooks & { program?: string }): Promise<number> {
  if (!hooks.repositoryRoot && (argv.includes('--help') || argv.includes('-h'))) {
    io.stdout(`${deployUsage(hooks.program ?? 'wxacode-cloudbase deploy')}\n`);
    return 0;
  }
  const { project, rest } = takeProjectFlag(argv);
  if (project === undefined && hooks.repositoryRoot) {
    const root = hooks.repositoryRoot;
    return runDeploy({ argv: rest, env: io.env, root, loadProject: () => loadProject(root), build: hooks.build ?? noBuild, write: io.stdout });
  }
  const root = resolve(io.cwd, project ?? '.');
  const functionsDir = join(root, functionRootOf(root));
  // a team deploys the functions add gave them: the catalog's that are in their cloudfunctionRoot
  const present = FUNCTIONS.filter((fn) => existsSync(join(functionsDir, fn.name, 'index.js')));
  return runDeploy({
    argv: rest,
    env: io.env,
    root,
    loadProject: () => {
      try {
        return loadProject(root, present, functionsDir);
      } catch (error) {
        // its messages name the file and what to fix
        throw new CliFailure((error as Error).message);
      }
    },
    build: noBuild,
    write: io.stdout,
    wording: {
      command: hooks.program ?? 'wxacode-cloudbase deploy',
      build: 'nothing to build: the bundles add wrote are deployed as they are',
      installTcb: 'npm i -g @cloudbase/cli, then tcb login; or set WXACODE_TCB_BIN',
    },
  });
}

async function noBuild(): Promise<void> {
  // the bundles are already built: in the package (cloudfunctions/) and in what add copied
}

function takeProjectFlag(argv: readonly string[]): { project?: string; rest: string[] } {
  const rest: string[] = [];
  let project: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--project') {
      project = argv[++i];
      if (project === undefined || project.startsWith('-')) throw new UsageError('--project needs a folder, e.g. --project . (the folder holding cloudbaserc.json)');
    } else if (arg.startsWith('--project=')) project = arg.slice('--project='.length);
    else rest.push(arg);
  }
  return { project, rest };
}

/** cloudbaserc.json's functionRoot (what tcb deploys from), default cloudfunctions */
function functionRootOf(root: string): string {
  const rc = join(root, 'cloudbaserc.json');
  if (!existsSync(rc)) return 'cloudfunctions';
  try {
    const value = (JSON.parse(readFileSync(rc, 'utf8')) as { functionRoot?: unknown }).functionRoot;
    return typeof value === 'string' && value !== '' ? value : 'cloudfunctions';
  } catch {
    return 'cloudfunctions'; // loadProject reports the broken JSON with its own message
  }
}
