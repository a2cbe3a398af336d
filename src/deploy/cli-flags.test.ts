/**
 * Every flag the deploy passes to tcb, checked against the installed @cloudbase/cli's own `--help` (run offline,
 * with a throwaway HOME), so a CLI upgrade that drops or changes a flag fails here, not in a team's deploy.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FUNCTIONS } from '../functions/catalog';
import { flagProblems, parseHelpOptions } from './cli-help';
import { planDeploy, type TcbCommand } from './plan';
import { loadProject } from './project';

const ROOT = path.resolve(__dirname, '../..');
const TCB = path.join(ROOT, 'node_modules/@cloudbase/cli/bin/tcb');
const home = mkdtempSync(path.join(tmpdir(), 'wxacode-tcb-home-'));

function help(command: readonly string[]): Promise<string> {
  return promisify(execFile)(process.execPath, [TCB, ...command, '--help'], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: home }, timeout: 150_000 }).then(
    ({ stdout }) => stdout,
  );
}

/** The repository's plan, plus a function with everything (an HTTP path and a timer), so every option appears. */
function everyCommand(): TcbCommand[] {
  const project = loadProject(ROOT);
  const extra = { name: 'wxacodeEverything', openapi: [], description: 'test', httpPath: '/api/everything' };
  const trigger = { name: 'nightly', type: 'timer', config: '0 0 2 * * * *' };
  const withExtra = {
    ...project,
    catalog: [...FUNCTIONS, extra],
    rcFunctions: [...project.rcFunctions, { name: extra.name, triggers: [trigger], envReferences: [] }],
    configTriggers: new Map([...project.configTriggers, [extra.name, [trigger]]]),
  };
  const variables = Object.fromEntries(project.rcFunctions.flatMap((fn) => fn.envReferences).map((v) => [v, 'set']));
  const plan = planDeploy(withExtra, { envId: 'env-123', variables });
  expect(plan.functions.filter((fn) => fn.skipReason)).toEqual([]);
  return plan.functions.flatMap((fn) => fn.steps.map((step) => step.tcb));
}

test('the installed tcb accepts every command, argument and flag the deploy runs', async () => {
  const commands = everyCommand();
  const distinct = [...new Map(commands.map((c) => [c.command.join(' '), c.command])).values()];
  expect(distinct.map((c) => c.join(' ')).sort()).toEqual(['fn deploy', 'fn detail', 'service list']);
  const helps = new Map(await Promise.all(distinct.map(async (c) => [c.join(' '), await help(c)] as const)));
  for (const command of commands) expect(flagProblems(command, helps.get(command.command.join(' '))!)).toEqual([]);
}, 200_000);

test('the check catches what broke the old deploy: `tcb fn trigger create … --yes` (help text of 2.12.10)', () => {
  const text = `Usage: tcb fn trigger create [options] [functionName]

Create cloud function trigger

Options:
  -e, --envId <envId>  Environment ID
  -h, --help           View command help information`;
  const old: TcbCommand = { command: ['fn', 'trigger', 'create'], positionals: ['wxacodeHousekeeping'], options: [['-e', 'env-123'], ['--yes']] };
  expect(flagProblems(old, text)).toEqual(['tcb fn trigger create does not accept --yes (it lists -e --envId -h --help)']);
});

describe('reading commander help', () => {
  const deployHelp = `Usage: tcb fn deploy [options] [name]

Deploy SCF

Options:
  -e, --envId <envId>         Environment ID
  --force                     If a function with the same name exists,
                              overwrite it after upload
  --path <path>               Automatically create HTTP access service access
                              path
  -id, --service-id <serviceId>  Service Id
  -h, --help                  View command help information`;

  test('options, their spellings and whether they take a value; wrapped description lines are not options', () => {
    expect(parseHelpOptions(deployHelp)).toEqual([
      { flags: ['-e', '--envId'], takesValue: true },
      { flags: ['--force'], takesValue: false },
      { flags: ['--path'], takesValue: true },
      { flags: ['-id', '--service-id'], takesValue: true },
      { flags: ['-h', '--help'], takesValue: false },
    ]);
  });

  test('a missing flag, a value where none is taken, none where one is needed, too many arguments, another command', () => {
    const cmd = (options: TcbCommand['options'], positionals = ['f']): TcbCommand => ({ command: ['fn', 'deploy'], positionals, options });
    expect(flagProblems(cmd([['--envId', 'x'], ['--force'], ['--path', '/p']]), deployHelp)).toEqual([]);
    expect(flagProblems(cmd([['--all']]), deployHelp)).toEqual(['tcb fn deploy does not accept --all (it lists -e --envId --force --path -id --service-id -h --help)']);
    expect(flagProblems(cmd([['--force', 'yes']]), deployHelp)).toEqual(['tcb fn deploy --force takes no value, the deploy passes "yes"']);
    expect(flagProblems(cmd([['--path']]), deployHelp)).toEqual(['tcb fn deploy --path needs a value, the deploy passes none']);
    expect(flagProblems(cmd([], ['a', 'b']), deployHelp)).toEqual(['tcb fn deploy takes [name], the deploy passes a b']);
    expect(flagProblems({ command: ['fn', 'detail'], positionals: [], options: [] }, deployHelp)).toEqual([
      'tcb fn detail --help does not describe "tcb fn detail" (its usage line: Usage: tcb fn deploy [options] [name])',
    ]);
  });
});
