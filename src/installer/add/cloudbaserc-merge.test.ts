import { mergeCloudbaserc } from './cloudbaserc-merge';
import { sha256 } from './lock';

const hash = (e: unknown) => sha256(JSON.stringify(e));
const OURS = [{ name: 'wxacodeGet', timeout: 20 }];

it('creates the file when there is none', () => {
  const r = mergeCloudbaserc(undefined, OURS, {}, 'cloudfunctions', hash, false);
  expect(r.created).toBe(true);
  expect(JSON.parse(r.text!)).toEqual({ version: '2.0', envId: '{{env.ENV_ID}}', functionRoot: './cloudfunctions', functions: OURS });
});

it("keeps the team's entries, keys and comments, and appends ours", () => {
  const theirs = '{\n  // our env\n  "envId": "prod",\n  "functions": [\n    { "name": "login", "timeout": 3 }\n  ]\n}\n';
  const r = mergeCloudbaserc(theirs, OURS, {}, 'cloudfunctions', hash, false);
  // edited in place: the text before the functions array is theirs unchanged (their entry may be re-indented)
  expect(r.text!.startsWith('{\n  // our env\n  "envId": "prod",\n  "functions": [\n')).toBe(true);
  expect(JSON.parse(r.text!.replace('// our env', ''))).toEqual({ envId: 'prod', functions: [{ name: 'login', timeout: 3 }, ...OURS] });
  expect(r.added).toEqual(['wxacodeGet']);
});

it('a file without functions gets the array', () => {
  const r = mergeCloudbaserc('{ "envId": "x" }', OURS, {}, 'cloudfunctions', hash, false);
  expect(JSON.parse(r.text!)).toEqual({ envId: 'x', functions: OURS });
});

it('updates an entry of ours it wrote; leaves one the team changed unless forced', () => {
  const written = { name: 'wxacodeGet', timeout: 10 };
  const text = JSON.stringify({ functions: [written] });
  const upgraded = mergeCloudbaserc(text, OURS, { wxacodeGet: hash(written) }, 'cloudfunctions', hash, false);
  expect(upgraded.updated).toEqual(['wxacodeGet']);
  expect(JSON.parse(upgraded.text!).functions).toEqual(OURS);
  const left = mergeCloudbaserc(text, OURS, { wxacodeGet: hash({ name: 'wxacodeGet', timeout: 5 }) }, 'cloudfunctions', hash, false);
  expect(left.edited).toEqual(['wxacodeGet']);
  expect(left.text).toBeUndefined();
  expect(mergeCloudbaserc(text, OURS, {}, 'cloudfunctions', hash, true).updated).toEqual(['wxacodeGet']);
});

it('notes a functionRoot that differs from cloudfunctionRoot; refuses a file that is not JSON', () => {
  expect(mergeCloudbaserc('{ "functionRoot": "./fns", "functions": [] }', OURS, {}, 'cloudfunctions', hash, false).notes[0]).toContain('"./fns"');
  expect(() => mergeCloudbaserc('{ nope', OURS, {}, 'cloudfunctions', hash, false)).toThrow('cloudbaserc.json is not valid JSON');
});
