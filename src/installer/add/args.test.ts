import { parseAddArgs, UsageError } from './args';

it('folder and flags, in any order', () => {
  expect(parseAddArgs(['--dry-run', 'my-app', '--functions', 'a,b', '--functions=c', '--force'])).toEqual({ dir: 'my-app', functions: ['a', 'b', 'c'], all: false, dryRun: true, force: true, help: false });
  expect(parseAddArgs([])).toEqual({ all: false, dryRun: false, force: false, help: false });
  expect(parseAddArgs(['-h']).help).toBe(true);
});

it.each([[['--nope']], [['a', 'b']], [['--functions']], [['--all', '--functions', 'a']]])('usage errors: %j', (args) => {
  expect(() => parseAddArgs(args)).toThrow(UsageError);
});

it('--help prints the usage in both languages and writes nothing', async () => {
  const { add } = await import('../testing/run-add');
  const { code, out } = await add('/nonexistent', ['--help']);
  expect(code).toBe(0);
  expect(out).toContain('Usage: npx wxacode-cloudbase add [dir]');
  expect(out).toContain('用法');
});

it('a usage error exits 2 with the usage', async () => {
  const { add } = await import('../testing/run-add');
  const { code, err } = await add('/nonexistent', ['--bogus']);
  expect(code).toBe(2);
  expect(err).toContain('unknown option --bogus');
});
