import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import GithubSlugger from 'github-slugger';

/**
 * Every link of the docs works on GitHub: each relative link and image of README.md, README.zh-CN.md, docs/**.md
 * (and of the repository's Markdown files they link to) names a file that exists, each `#anchor` a heading of its
 * target as GitHub slugs it (github-slugger: lower case, punctuation dropped, Chinese kept, `-1` for a repeated
 * heading), and each web link is a well-formed http(s) URL. Web links are not fetched: tests never leave loopback.
 * Drafts in docs/pending/ are checked once they are folded into a guide.
 */

const ROOT = path.resolve(__dirname, '..');

interface Link {
  /** the file the link is in, relative to the repository */
  file: string;
  line: number;
  target: string;
}

const FENCE = /^\s*(```|~~~)/;
const ATX_HEADING = /^ {0,3}(#{1,6})\s+(.+?)\s*#*\s*$/;

/** the file's lines with fenced code blocks blanked, so that nothing inside them counts as a link or heading */
function proseLines(text: string): string[] {
  let inCode = false;
  return text.split(/\r?\n/).map((line) => {
    if (FENCE.test(line)) {
      inCode = !inCode;
      return '';
    }
    return inCode ? '' : line;
  });
}

/** a heading's text as GitHub renders it before slugging: code spans, links and emphasis markers dropped */
function renderedHeading(raw: string): string {
  return raw
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2');
}

/** the anchors GitHub gives the headings of a Markdown text, in order */
export function headingAnchors(text: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  for (const line of proseLines(text)) {
    const heading = ATX_HEADING.exec(line);
    if (heading) anchors.add(slugger.slug(renderedHeading(heading[2])));
  }
  return anchors;
}

/** inline links and images, `[text](target)` / `![alt](target)`, and reference definitions `[id]: target` */
export function linksOf(file: string, text: string): Link[] {
  const prose = proseLines(text).join('\n');
  // code spans may hold brackets and parentheses that are not links; blank them, keeping offsets (and line breaks)
  const withoutCode = prose.replace(/(`+)[\s\S]*?\1/g, (span) => span.replace(/[^\n]/g, ' '));
  const lineAt = (offset: number) => withoutCode.slice(0, offset).split('\n').length;
  const links: Link[] = [];
  for (const match of withoutCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    links.push({ file, line: lineAt(match.index ?? 0), target: match[1] });
  }
  for (const match of withoutCode.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/gm)) {
    links.push({ file, line: lineAt(match.index ?? 0), target: match[1] });
  }
  return links;
}

/** what is wrong with a link, or undefined when it works */
export function problemOf(link: Link, readText: (file: string) => string | undefined): string | undefined {
  const { target } = link;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    if (/^mailto:[^@\s]+@[^@\s]+$/i.test(target)) return undefined;
    if (!/^https?:\/\//i.test(target)) return 'a web link must be http(s)';
    try {
      const url = new URL(target);
      if (!/^[^.]+(\.[^.]+)+$/.test(url.hostname)) return `"${url.hostname}" is not a host name of the web`;
    } catch {
      return 'not a well-formed URL';
    }
    return undefined;
  }
  const hash = target.indexOf('#');
  const linkPath = hash < 0 ? target : target.slice(0, hash);
  const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
  if (linkPath.startsWith('/')) return 'write the link relative to this file (GitHub resolves "/" to the site, not the repository)';
  const resolved = linkPath === '' ? link.file : path.posix.normalize(path.posix.join(path.posix.dirname(link.file), decodeURI(linkPath)));
  if (resolved.startsWith('..')) return 'points outside the repository';
  if (!existsSync(path.join(ROOT, resolved))) return `no file ${resolved}`;
  if (anchor === undefined || anchor === '') return undefined;
  if (!resolved.endsWith('.md')) return undefined; // GitHub's #L10 line anchors of source files
  const text = readText(resolved);
  if (text === undefined) return `cannot read ${resolved}`;
  if (!headingAnchors(text).has(anchor)) return `no heading of ${resolved} has the anchor #${anchor}`;
  return undefined;
}

/** drafts that are not in their place yet: the lead folds docs/pending/<branch>.md into the guides */
const DRAFTS = 'docs/pending';

function markdownUnder(dir: string): string[] {
  if (!existsSync(path.join(ROOT, dir)) || dir === DRAFTS) return [];
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const relative = path.posix.join(dir, name);
    if (statSync(path.join(ROOT, relative)).isDirectory()) return markdownUnder(relative);
    return name.endsWith('.md') ? [relative] : [];
  });
}

const texts = new Map<string, string>();
function readText(file: string): string | undefined {
  if (!texts.has(file)) {
    try {
      texts.set(file, readFileSync(path.join(ROOT, file), 'utf8'));
    } catch {
      return undefined;
    }
  }
  return texts.get(file);
}

/** the docs and every Markdown file of the repository they lead to */
function docsAndWhatTheyLinkTo(): { files: string[]; links: Link[] } {
  const queue = ['README.md', 'README.zh-CN.md', ...markdownUnder('docs')];
  const seen = new Set(queue);
  const links: Link[] = [];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    const fileLinks = linksOf(file, readText(file) ?? '');
    links.push(...fileLinks);
    for (const { target } of fileLinks) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const linkPath = target.split('#')[0];
      if (!linkPath.endsWith('.md')) continue;
      const next = path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(linkPath)));
      if (!seen.has(next) && !next.startsWith('..') && existsSync(path.join(ROOT, next))) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return { files: [...seen], links };
}

describe('the checker', () => {
  const doc = [
    '# Guide',
    '## Table tents (桌贴 / 桌牌)',
    '### In the cloud: `wxacodeBatch`',
    '## 测试你的云函数：exec',
    '## Repeated',
    '## Repeated',
    '```md',
    '## Not a heading',
    '[not a link](nowhere.md)',
    '```',
    'See [tents](#table-tents-桌贴--桌牌) and `[not a link](nowhere.md)`, ![a picture](docs/print-tent.png)',
    '[a reference]: https://developers.weixin.qq.com/miniprogram/dev/',
  ].join('\n');

  test('gives headings GitHub anchors, Chinese ones and repeats included, and skips code', () => {
    expect([...headingAnchors(doc)]).toEqual([
      'guide',
      'table-tents-桌贴--桌牌',
      'in-the-cloud-wxacodebatch',
      '测试你的云函数exec',
      'repeated',
      'repeated-1',
    ]);
  });

  test('finds links and images outside code, with their lines', () => {
    expect(linksOf('docs/en/x.md', doc)).toEqual([
      { file: 'docs/en/x.md', line: 11, target: '#table-tents-桌贴--桌牌' },
      { file: 'docs/en/x.md', line: 11, target: 'docs/print-tent.png' },
      { file: 'docs/en/x.md', line: 12, target: 'https://developers.weixin.qq.com/miniprogram/dev/' },
    ]);
  });

  test('reports a missing file, a missing anchor and a malformed web link, and passes working ones', () => {
    const read = (file: string) => (file === 'README.md' ? doc : readText(file));
    const at = (target: string) => problemOf({ file: 'README.md', line: 1, target }, read);
    expect(at('docs/print-tent.png')).toBeUndefined();
    expect(at('#测试你的云函数exec')).toBeUndefined();
    expect(at('#repeated-1')).toBeUndefined();
    expect(at('https://cloud.tencent.com/document/api/876/133103')).toBeUndefined();
    expect(at('docs/no-such-picture.png')).toBe('no file docs/no-such-picture.png');
    expect(at('#not-a-heading')).toBe('no heading of README.md has the anchor #not-a-heading');
    expect(at('http://localhost:8787/')).toBe('"localhost" is not a host name of the web');
    expect(at('ftp://example.com/')).toBe('a web link must be http(s)');
    expect(at('https://exa mple.com')).toBe('not a well-formed URL');
  });
});

describe('the docs', () => {
  const { files, links } = docsAndWhatTheyLinkTo();

  test('cover the READMEs and both languages of the guides', () => {
    expect(files).toEqual(expect.arrayContaining(['README.md', 'README.zh-CN.md', 'docs/en/functions.md', 'docs/zh-CN/functions.md']));
    expect(links.length).toBeGreaterThan(100);
  });

  test('every relative link and image names an existing file, every #anchor a heading, every web link is well-formed', () => {
    const broken = links.flatMap((link) => {
      const problem = problemOf(link, readText);
      return problem === undefined ? [] : [`${link.file}:${link.line}: (${link.target}): ${problem}`];
    });
    expect(broken).toEqual([]);
  });
});
