import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * README.zh-CN.md must cover every section of README.md. Each `##` / `###` heading of both carries, on the line
 * below it, a section id (`<!-- sec:quick-start -->`); the Chinese README has the same ids in the same order at
 * the same levels. Adding a section means adding it to both, with one new id.
 */

const ROOT = path.resolve(__dirname, '..');
const ENGLISH = 'README.md';
const CHINESE = 'README.zh-CN.md';

interface Section {
  id: string | undefined;
  level: number;
  title: string;
  /** the section's lines outside code blocks, up to the next heading */
  prose: string[];
}

interface Readme {
  file: string;
  /** the lines before the first `##` heading */
  preamble: string[];
  sections: Section[];
  /** every line inside a fenced code block */
  code: string[];
}

const SECTION_ID = /^<!--\s*sec:([a-z0-9-]+)\s*-->$/;
const FENCE = /^\s*(```|~~~)/;
const HEADING = /^(#{2,3})\s+(.+?)\s*$/;

function readReadme(file: string): Readme {
  const lines = readFileSync(path.join(ROOT, file), 'utf8').split(/\r?\n/);
  const readme: Readme = { file, preamble: [], sections: [], code: [] };
  let inCode = false;
  let awaitingId: Section | undefined;
  for (const line of lines) {
    if (FENCE.test(line)) {
      inCode = !inCode;
      continue;
    }
    if (inCode) {
      readme.code.push(line);
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      awaitingId = { id: undefined, level: heading[1].length, title: heading[2], prose: [] };
      readme.sections.push(awaitingId);
      continue;
    }
    if (awaitingId && line.trim() !== '') {
      const id = SECTION_ID.exec(line.trim());
      if (id) awaitingId.id = id[1];
      awaitingId = undefined;
      if (id) continue;
    }
    const current = readme.sections[readme.sections.length - 1];
    if (current) current.prose.push(line);
    else readme.preamble.push(line);
  }
  return readme;
}

const english = readReadme(ENGLISH);
const chinese = readReadme(CHINESE);

function outline(readme: Readme): string[] {
  return readme.sections.map((s) => `${'#'.repeat(s.level)} ${s.id ?? '(no id)'}`);
}

/** `npm …` / `npx …` commands of the code blocks, without trailing shell comments */
function commands(readme: Readme): string[] {
  const found = new Set<string>();
  for (const line of readme.code) {
    const command = line.replace(/\s+#.*$/, '').trim().replace(/\s+/g, ' ');
    if (/(^|\s)(npm|npx)\s/.test(command)) found.add(command);
  }
  return [...found].sort();
}

/** error codes named in the tables of a section: numbers of 5–6 digits (40097, -700001), and -1 */
function tableErrCodes(section: Section): string[] {
  const codes = new Set<string>();
  for (const row of section.prose.filter((l) => l.trimStart().startsWith('|'))) {
    for (const match of row.matchAll(/(?<![\w.,-])-?\d{5,6}(?![\w.,])/g)) codes.add(match[0]);
    if (/(^|[^\w.-])-1(?![\w.])/.test(row)) codes.add('-1');
  }
  return [...codes].sort();
}

const BOTH: [string, Readme][] = [
  [ENGLISH, english],
  [CHINESE, chinese],
];

test.each(BOTH)('every ## and ### heading of %s carries a section id on the line below it', (file, readme) => {
  const headingsWithoutId = readme.sections.filter((s) => s.id === undefined).map((s) => `${'#'.repeat(s.level)} ${s.title}`);
  const fix = 'put <!-- sec:some-id --> on the line below each heading, with the same id in README.md and README.zh-CN.md';
  expect({ file, headingsWithoutId, fix }).toEqual({ file, headingsWithoutId: [], fix });
});

test.each(BOTH)('section ids of %s are unique', (file, readme) => {
  const ids = readme.sections.map((s) => s.id).filter((id): id is string => id !== undefined);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  expect({ file, repeated }).toEqual({ file, repeated: [] });
});

test('README.zh-CN.md has the sections of README.md, in the same order and at the same levels', () => {
  const englishIds = new Set(english.sections.map((s) => s.id));
  const chineseIds = new Set(chinese.sections.map((s) => s.id));
  expect({
    // headings without an id are reported by the test above
    missingFromChinese: english.sections.filter((s) => s.id && !chineseIds.has(s.id)).map((s) => `${s.id} (${s.title})`),
    notInEnglish: chinese.sections.filter((s) => s.id && !englishIds.has(s.id)).map((s) => `${s.id} (${s.title})`),
  }).toEqual({ missingFromChinese: [], notInEnglish: [] });
  expect(outline(chinese)).toEqual(outline(english));
});

test.each([
  [ENGLISH, CHINESE, english],
  [CHINESE, ENGLISH, chinese],
] as const)('%s links to %s before its first section', (_file, other, readme) => {
  const links = readme.preamble.join('\n').match(/\]\(([^)\s]+)\)/g) ?? [];
  expect(links).toContain(`](${other})`);
});

test('the npm commands of the code blocks are the same in both', () => {
  const englishCommands = commands(english);
  expect(englishCommands.length).toBeGreaterThan(0);
  expect(commands(chinese)).toEqual(englishCommands);
});

test('each section names the same error codes in its tables in both', () => {
  const chineseById = new Map(chinese.sections.map((s) => [s.id, s]));
  const differing = english.sections.flatMap((section) => {
    const twin = chineseById.get(section.id);
    if (!twin) return []; // reported by the section test
    const inEnglish = tableErrCodes(section);
    const inChinese = tableErrCodes(twin);
    return inEnglish.join() === inChinese.join() ? [] : [{ section: section.id, inEnglish, inChinese }];
  });
  expect(differing).toEqual([]);
  expect(english.sections.some((s) => tableErrCodes(s).includes('-604101'))).toBe(true);
});
