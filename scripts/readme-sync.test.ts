import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * README.zh-CN.md must cover every section of README.md, and each guide docs/zh-CN/<guide>.md every section of
 * docs/en/<guide>.md. Each `##` / `###` heading carries, on the line below it, a section id
 * (`<!-- sec:quick-start -->`); the Chinese text has the same ids in the same order at the same levels. Adding a
 * section means adding it to both, with one new id; adding a guide means adding both files.
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

/** the guides, by file name: docs/en/<name>.md and docs/zh-CN/<name>.md */
function guideNames(language: 'en' | 'zh-CN'): string[] {
  const dir = path.join(ROOT, 'docs', language);
  return existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.md')).sort() : [];
}

const GUIDES = [...new Set([...guideNames('en'), ...guideNames('zh-CN')])].sort();

interface Pair {
  english: string;
  chinese: string;
  /** what the preamble of each must link to: the other language's version, and for a guide its README */
  englishLinks: string[];
  chineseLinks: string[];
}

const PAIRS: Pair[] = [
  { english: ENGLISH, chinese: CHINESE, englishLinks: [CHINESE], chineseLinks: [ENGLISH] },
  ...GUIDES.map((name) => ({
    english: `docs/en/${name}`,
    chinese: `docs/zh-CN/${name}`,
    englishLinks: [`../zh-CN/${name}`, `../../${ENGLISH}`],
    chineseLinks: [`../en/${name}`, `../../${CHINESE}`],
  })),
];

const read = new Map<string, Readme>();
function readme(file: string): Readme {
  if (!read.has(file)) read.set(file, readReadme(file));
  return read.get(file) as Readme;
}

function outline(doc: Readme): string[] {
  return doc.sections.map((s) => `${'#'.repeat(s.level)} ${s.id ?? '(no id)'}`);
}

/** `npm …` / `npx …` commands of the code blocks, without trailing shell comments */
function commands(doc: Readme): string[] {
  const found = new Set<string>();
  for (const line of doc.code) {
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

const FILES = PAIRS.flatMap((pair) => [pair.english, pair.chinese]).filter((file) => existsSync(path.join(ROOT, file)));
const PAIR_NAMES = PAIRS.map((pair) => [`${pair.chinese} ↔ ${pair.english}`, pair] as const);

test('the guides are docs/en/*.md, each with its Chinese version in docs/zh-CN/ under the same name', () => {
  expect(GUIDES.length).toBeGreaterThan(0);
  expect({ onlyInEnglish: GUIDES.filter((name) => !guideNames('zh-CN').includes(name)), onlyInChinese: GUIDES.filter((name) => !guideNames('en').includes(name)) })
    .toEqual({ onlyInEnglish: [], onlyInChinese: [] });
});

test.each(FILES)('every ## and ### heading of %s carries a section id on the line below it', (file) => {
  const headingsWithoutId = readme(file).sections.filter((s) => s.id === undefined).map((s) => `${'#'.repeat(s.level)} ${s.title}`);
  const fix = 'put <!-- sec:some-id --> on the line below each heading, with the same id in the English and the Chinese version';
  expect({ file, headingsWithoutId, fix }).toEqual({ file, headingsWithoutId: [], fix });
});

test.each(FILES)('section ids of %s are unique', (file) => {
  const ids = readme(file).sections.map((s) => s.id).filter((id): id is string => id !== undefined);
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  expect({ file, repeated }).toEqual({ file, repeated: [] });
});

test.each(PAIR_NAMES)('%s: the Chinese version has the sections of the English one, in the same order and at the same levels', (_name, pair) => {
  const english = readme(pair.english);
  const chinese = readme(pair.chinese);
  const englishIds = new Set(english.sections.map((s) => s.id));
  const chineseIds = new Set(chinese.sections.map((s) => s.id));
  expect({
    // headings without an id are reported by the test above
    missingFromChinese: english.sections.filter((s) => s.id && !chineseIds.has(s.id)).map((s) => `${s.id} (${s.title})`),
    notInEnglish: chinese.sections.filter((s) => s.id && !englishIds.has(s.id)).map((s) => `${s.id} (${s.title})`),
  }).toEqual({ missingFromChinese: [], notInEnglish: [] });
  expect(outline(chinese)).toEqual(outline(english));
});

test.each(PAIRS.flatMap((pair) => [[pair.english, pair.englishLinks] as const, [pair.chinese, pair.chineseLinks] as const]))(
  '%s links to %j before its first section',
  (file, expected) => {
    const links = readme(file).preamble.join('\n').match(/\]\(([^)\s]+)\)/g) ?? [];
    for (const target of expected) expect({ file, links }).toEqual({ file, links: expect.arrayContaining([`](${target})`]) });
  },
);

test.each(PAIR_NAMES)('%s: the npm commands of the code blocks are the same in both', (_name, pair) => {
  expect(commands(readme(pair.chinese))).toEqual(commands(readme(pair.english)));
});

test('the READMEs show the commands', () => {
  expect(commands(readme(ENGLISH)).length).toBeGreaterThan(0);
});

test.each(PAIR_NAMES)('%s: each section names the same error codes in its tables in both', (_name, pair) => {
  const chineseById = new Map(readme(pair.chinese).sections.map((s) => [s.id, s]));
  const differing = readme(pair.english).sections.flatMap((section) => {
    const twin = chineseById.get(section.id);
    if (!twin) return []; // reported by the section test
    const inEnglish = tableErrCodes(section);
    const inChinese = tableErrCodes(twin);
    return inEnglish.join() === inChinese.join() ? [] : [{ section: section.id, inEnglish, inChinese }];
  });
  expect(differing).toEqual([]);
});

test('the error tables are compared: the functions guide names CloudBase\'s -604101', () => {
  expect(readme('docs/en/functions.md').sections.some((s) => tableErrCodes(s).includes('-604101'))).toBe(true);
});
