import { readFileSync } from 'node:fs';

export interface AppPages {
  /** every page path the mini program declares, main package first, as `pages/x/y` (no leading slash) */
  pages: string[];
}

/**
 * Reads app.json's `pages` plus every subpackage's pages (`subpackages` or the older `subPackages`,
 * each `root` + its pages), the set getUnlimited's check_path compares `page` against.
 * Throws an Error naming the file and the field at fault.
 */
export function readAppPages(appJsonPath: string): AppPages {
  let text: string;
  try {
    text = readFileSync(appJsonPath, 'utf8');
  } catch (error) {
    throw new Error(`cannot read app.json at ${appJsonPath}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${appJsonPath} is not valid JSON: ${(error as Error).message}`);
  }
  return parseAppPages(json, appJsonPath);
}

export function parseAppPages(json: unknown, source = 'app.json'): AppPages {
  if (!isRecord(json)) throw new Error(`${source} must hold a JSON object`);
  const pages = stringList(json.pages, `${source}: pages`);
  for (const key of ['subpackages', 'subPackages'] as const) {
    const subpackages = json[key];
    if (subpackages === undefined) continue;
    if (!Array.isArray(subpackages)) throw new Error(`${source}: ${key} must be an array of {root, pages}`);
    subpackages.forEach((entry: unknown, index) => {
      const where = `${source}: ${key}[${index}]`;
      if (!isRecord(entry) || typeof entry.root !== 'string' || entry.root.trim() === '') {
        throw new Error(`${where} must be an object with a non-empty string root`);
      }
      const root = trimSlashes(entry.root);
      for (const page of stringList(entry.pages, `${where}.pages`)) pages.push(`${root}/${trimSlashes(page)}`);
    });
  }
  return { pages: [...new Set(pages.map(trimSlashes))] };
}

function stringList(value: unknown, where: string): string[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    throw new Error(`${where} must be an array of non-empty strings`);
  }
  return [...(value as string[])];
}

// app.json writes roots both as "packageA" and "packageA/"; WeChat joins them either way
function trimSlashes(value: string): string {
  return value.replace(/^\/+|\/+$/g, '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
