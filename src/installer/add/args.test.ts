import { parseAddArgs, UsageError } from './args';

it('folder and flags, in any order', () => {
  expect(parseAddArgs(['--dry-run', 'my-app', '--functions', 'a,b', '--functions=c', '--force'])).toEqual({ dir: 'my-app', functions: ['a', 'b', 'c'], all: false, dryRun: true, force: true, help: false });
  expect(parseAddArgs([])).toEqual({ all: false, dryRun: false, force: false, help: false });
  expect(parseAddArgs(['-h']).help).toBe(true);
});

it.each([[['--nope']], [['a', 'b']], [['--functions']], [['--all', '--functions', 'a']]])('usage errors: %j', (args) => {
  expect(() => parseAddArgs(args)).toThrow(UsageError);
});
