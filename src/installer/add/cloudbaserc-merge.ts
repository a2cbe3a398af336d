import { applyEdits, modify, parse, type ParseError } from 'jsonc-parser';

export interface RcEntry {
  name: string;
  [key: string]: unknown;
}

export interface RcMerge {
  /** the new text, undefined when unchanged */
  text?: string;
  created: boolean;
  added: string[];
  updated: string[];
  /** entries of ours the team changed since add wrote them: left as they are */
  edited: string[];
  /** the hashes of our entries as now in the file */
  recorded: Record<string, string>;
  /** a note for the output, e.g. functionRoot differs */
  notes: string[];
}

/**
 * Merges the functions' entries into the team's cloudbaserc.json (CloudBase CLI's project file), editing the
 * text in place (jsonc-parser's modify), so their other entries, keys, order and formatting stay as they were.
 * Only entries named as ours are touched: added when absent; replaced when unchanged since `add` wrote them
 * (`recorded` hashes); left as they are (and named) when the team edited them, unless `force`.
 */
export function mergeCloudbaserc(
  existing: string | undefined,
  ours: RcEntry[],
  recorded: Record<string, string>,
  functionRoot: string,
  hash: (entry: unknown) => string,
  force: boolean,
): RcMerge {
  const result: RcMerge = { created: existing === undefined, added: [], updated: [], edited: [], recorded: {}, notes: [] };
  let text = existing ?? `${JSON.stringify({ version: '2.0', envId: '{{env.ENV_ID}}', functionRoot: `./${functionRoot}`, functions: [] }, null, 2)}\n`;
  const errors: ParseError[] = [];
  const rc = parse(text, errors, { allowTrailingComma: true }) as { functionRoot?: unknown; functions?: unknown } | undefined;
  if (errors.length > 0 || !rc || typeof rc !== 'object' || Array.isArray(rc)) {
    throw new Error('cloudbaserc.json is not valid JSON; fix it (or move it away) and run again');
  }
  if (typeof rc.functionRoot === 'string' && rc.functionRoot.replace(/^\.\//, '').replace(/\/+$/, '') !== functionRoot) {
    result.notes.push(`cloudbaserc.json functionRoot is ${JSON.stringify(rc.functionRoot)}, project.config.json cloudfunctionRoot is "${functionRoot}/"`);
  }
  const format = { formattingOptions: { insertSpaces: true, tabSize: detectIndent(text), eol: text.includes('\r\n') ? '\r\n' : '\n' } };
  if (rc.functions !== undefined && !Array.isArray(rc.functions)) throw new Error('cloudbaserc.json: "functions" must be an array');
  if (rc.functions === undefined) text = applyEdits(text, modify(text, ['functions'], [], format));
  for (const entry of ours) {
    const current = parse(text) as { functions: { name?: unknown }[] };
    const index = current.functions.findIndex((f) => f && f.name === entry.name);
    if (index < 0) {
      text = applyEdits(text, modify(text, ['functions', -1], entry, { ...format, isArrayInsertion: true }));
      result.added.push(entry.name);
      result.recorded[entry.name] = hash(entry);
      continue;
    }
    const theirs = current.functions[index];
    const same = hash(theirs) === hash(entry);
    const ourOwn = recorded[entry.name] !== undefined && hash(theirs) === recorded[entry.name];
    if (same) {
      result.recorded[entry.name] = hash(entry);
    } else if (ourOwn || force) {
      text = applyEdits(text, modify(text, ['functions', index], entry, format));
      result.updated.push(entry.name);
      result.recorded[entry.name] = hash(entry);
    } else {
      result.edited.push(entry.name);
      if (recorded[entry.name] !== undefined) result.recorded[entry.name] = recorded[entry.name]!;
    }
  }
  if (text !== existing) result.text = text;
  return result;
}

function detectIndent(text: string): number {
  const m = /\n( +)\S/.exec(text);
  return m ? m[1]!.length : 2;
}
