/**
 * Reads the options a `tcb <command> --help` lists (commander's format), so a test can check every flag the deploy
 * passes against the installed @cloudbase/cli, and a CLI upgrade that drops or changes one fails the suite
 * instead of a team's deploy.
 */
import type { TcbCommand } from './plan';

export interface HelpOption {
  /** every spelling: ['-e', '--envId'] */
  flags: string[];
  takesValue: boolean;
}

/** `  -p, --service-path <servicePath>  HTTP access service path` → {flags: ['-p', '--service-path'], takesValue: true} */
export function parseHelpOptions(helpText: string): HelpOption[] {
  const options: HelpOption[] = [];
  for (const line of helpText.split(/\r?\n/)) {
    const match = line.match(/^\s+(-[\w-]+(?:,\s*-[\w-]+)*)((?:\s+[<[][^>\]]+[>\]])?)(?:\s{2,}|$)/);
    if (!match) continue;
    options.push({ flags: match[1]!.split(/,\s*/), takesValue: match[2]!.trim() !== '' });
  }
  return options;
}

/** What in `tcb` the installed CLI's help does not allow, one sentence each; empty when all is accepted. */
export function flagProblems(tcb: TcbCommand, helpText: string): string[] {
  const accepted = parseHelpOptions(helpText);
  const where = `tcb ${tcb.command.join(' ')}`;
  if (accepted.length === 0) return [`${where} --help lists no options at all; is "${tcb.command.join(' ')}" still a command?`];
  const problems: string[] = [];
  const usage = helpText.match(/^Usage: tcb ((?:[\w-]+ )*?)\[options\]((?: [<[][^>\]]+[>\]])*)/m);
  if (!usage || usage[1]!.trim() !== tcb.command.join(' ')) {
    problems.push(`${where} --help does not describe "${where}" (its usage line: ${usage?.[0] ?? 'none'})`);
  } else if (tcb.positionals.length > (usage[2]!.match(/[<[]/g) ?? []).length) {
    problems.push(`${where} takes ${usage[2]!.trim() || 'no arguments'}, the deploy passes ${tcb.positionals.join(' ')}`);
  }
  for (const [flag, ...value] of tcb.options) {
    const option = accepted.find((o) => o.flags.includes(flag));
    if (!option) {
      problems.push(`${where} does not accept ${flag} (it lists ${accepted.flatMap((o) => o.flags).join(' ')})`);
    } else if (option.takesValue !== (value.length > 0)) {
      problems.push(`${where} ${flag} ${option.takesValue ? 'needs a value' : 'takes no value'}, the deploy passes ${value.length > 0 ? `"${value[0]}"` : 'none'}`);
    }
  }
  return problems;
}
