import { parseArgs } from 'node:util';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { BATCH_APIS, isLinkBatchApi, type BatchApi, type SheetOptions } from '../core/batch/contract';
import { BatchCliError } from './errors';

export const DEFAULT_TARGET = 'http://127.0.0.1:8787';
export const TOKEN_VARIABLE = 'WXACODE_BATCH_TOKEN';

export const USAGE = `usage:
  npm run batch -- <file.csv|file.xlsx|file.json> [options]   make a code for every item, download them into --out
  npm run batch -- status <file> [options]            the job's progress
  npm run batch -- cancel <file> [options]            stop the job (codes made so far are kept)
  npm run batch -- retry <file> [options]             make the failed items again, then download
  npm run batch -- sheet <file> [options]             sheet.pdf from the codes already in --out

options:
  --target <url>      where wxacodeBatch answers (default ${DEFAULT_TARGET}: the emulator of npm start or
                      wxacode-cloudbase start; for CloudBase, the environment's HTTP access domain)
  --token <token>     a bearer token of WXACODE_HTTP_TOKENS (or set ${TOKEN_VARIABLE})
  --out <dir>         where images and manifests go (manifest.csv to read, manifest.xlsx / .json exact;
                      default: a folder named after the file, beside it)
  --api <name>        getUnlimited (default), get or createQRCode; for links urlLink, urlScheme or shortLink
                      (the manifest then holds each link and its expiry; columns: label and query, or the queryData fields)
  --allowance <n>     get / createQRCode: how many of the lifetime quota the job may spend;
                      shortLink: how many permanent Short Links (of the app's 10万) it may make
  --skip-invalid      submit the valid items and list the others, instead of refusing the file
  --sheet-name <name> an Excel workbook's sheet to read (default: the first)
  --sheet             also write sheet.pdf
  --layout grid|tent  grid (default): every code with its label, many a page;
                      tent: one folding table tent (桌贴 / 桌牌) a code, with cut marks and a fold line
  grid:  --paper A4|A5|Letter  --columns <n>  --code-size <mm>  --margin <mm>  --font-size <pt>
  tent:  --tent-size A6|A5|<w>x<h>  (mm, unfolded; default A6)  --title <text>  (e.g. 扫码点餐)
         --subtitle <text>  or  --subtitle-column <field>  (e.g. shop: each card's own)  --logo <file.png|jpg>
  --scene-mode stored  every sceneData code a stored scene (活码: wxacode-cloudbase live can change it after printing)
  --poll <seconds>    how often to ask for progress (default 1)
exit status: 0 done, 1 failed (items or the job), 2 a usage mistake, 130 stopped by Ctrl-C (run the same command again to resume)`;

export type Command = 'run' | 'status' | 'cancel' | 'retry' | 'sheet';
const COMMANDS: readonly Command[] = ['status', 'cancel', 'retry', 'sheet'];

export interface CliOptions {
  command: Command;
  input: string;
  target: string;
  token: string | undefined;
  out: string;
  api: BatchApi;
  allowance: number | undefined;
  skipInvalid: boolean;
  sheet: boolean;
  sheetOptions: SheetOptions;
  /** --logo: a PNG or JPEG file for the tents */
  logo: string | undefined;
  sheetName: string | undefined;
  pollMs: number;
  /** --scene-mode stored: every sceneData code a stored scene, so it can change after printing (活码) */
  sceneMode?: 'stored';
}

/** Reads the command line; every mistake is a BatchCliError that shows the usage. */
export function parseCli(argv: readonly string[], env: Record<string, string | undefined>): CliOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        token: { type: 'string' },
        out: { type: 'string' },
        api: { type: 'string' },
        allowance: { type: 'string' },
        'skip-invalid': { type: 'boolean' },
        sheet: { type: 'boolean' },
        paper: { type: 'string' },
        columns: { type: 'string' },
        'code-size': { type: 'string' },
        margin: { type: 'string' },
        'font-size': { type: 'string' },
        'sheet-name': { type: 'string' },
        layout: { type: 'string' },
        'tent-size': { type: 'string' },
        title: { type: 'string' },
        subtitle: { type: 'string' },
        'subtitle-column': { type: 'string' },
        logo: { type: 'string' },
        poll: { type: 'string' },
        'scene-mode': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new BatchCliError(`${(error as Error).message}\n\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [first, ...rest] = positionals;
  const command: Command = (COMMANDS as readonly string[]).includes(first) ? (first as Command) : 'run';
  const files = command === 'run' ? positionals : rest;
  if (files.length !== 1) {
    throw new BatchCliError(`${files.length === 0 ? 'name the items file' : `one items file, please; received ${files.join(' ')}`}\n\n${USAGE}`, 2);
  }
  const input = resolve(files[0]);
  const api = (values.api ?? 'getUnlimited') as BatchApi;
  if (!BATCH_APIS.includes(api)) {
    const close = BATCH_APIS.find((name) => name.toLowerCase() === api.toLowerCase());
    throw new BatchCliError(`--api: must be one of ${BATCH_APIS.join(', ')}; received ${values.api}${close ? `. Did you mean ${close}?` : ''}`, 2);
  }
  const number = (name: string, raw: string | undefined, min: number): number | undefined => {
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value) || value < min) throw new BatchCliError(`--${name}: must be a number from ${min}; received ${JSON.stringify(raw)}`, 2);
    return value;
  };
  const sheetOptions: SheetOptions = {};
  if (values.paper !== undefined) sheetOptions.paper = values.paper as SheetOptions['paper'];
  const columns = number('columns', values.columns, 1);
  if (columns !== undefined) sheetOptions.columns = columns;
  const codeSize = number('code-size', values['code-size'], 0);
  if (codeSize !== undefined) sheetOptions.codeSizeMm = codeSize;
  const margin = number('margin', values.margin, 0);
  if (margin !== undefined) sheetOptions.marginMm = margin;
  const fontSize = number('font-size', values['font-size'], 0);
  if (fontSize !== undefined) sheetOptions.labelFontSize = fontSize;
  if (values.layout !== undefined) {
    if (values.layout !== 'grid' && values.layout !== 'tent') throw new BatchCliError(`--layout: must be grid or tent; received ${JSON.stringify(values.layout)}`, 2);
    sheetOptions.layout = values.layout;
  }
  const tentOnly = { 'tent-size': values['tent-size'], title: values.title, subtitle: values.subtitle, 'subtitle-column': values['subtitle-column'], logo: values.logo };
  for (const [flag, value] of Object.entries(tentOnly)) {
    if (value !== undefined && sheetOptions.layout !== 'tent') throw new BatchCliError(`--${flag}: is for the tent layout; add --layout tent`, 2);
  }
  if (values.subtitle !== undefined && values['subtitle-column'] !== undefined) {
    throw new BatchCliError('--subtitle, --subtitle-column: pass one: the same text on every card, or each card\'s own from a column', 2);
  }
  if (values['tent-size'] !== undefined) sheetOptions.tentSize = values['tent-size'];
  if (values.title !== undefined) sheetOptions.title = values.title;
  if (values.subtitle !== undefined) sheetOptions.subtitle = values.subtitle;
  if (values['subtitle-column'] !== undefined) sheetOptions.subtitleColumn = values['subtitle-column'];
  if (isLinkBatchApi(api) && (values.sheet || command === 'sheet')) {
    throw new BatchCliError(`--sheet: a ${api} job makes links, not images: manifest.csv holds each link and its expiry. Print codes instead (--api getUnlimited)`, 2);
  }
  if (values['scene-mode'] !== undefined && values['scene-mode'] !== 'stored' && values['scene-mode'] !== 'auto') {
    throw new BatchCliError(`--scene-mode: must be stored (every code a stored scene: 活码, changeable after printing) or auto (the default); received ${JSON.stringify(values['scene-mode'])}`, 2);
  }
  const target = (values.target ?? DEFAULT_TARGET).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(target)) throw new BatchCliError(`--target: must be an http:// or https:// URL; received ${JSON.stringify(values.target)}`, 2);
  return {
    command,
    input,
    target,
    token: values.token ?? env[TOKEN_VARIABLE] ?? undefined,
    out: values.out ? resolve(values.out) : defaultOut(input),
    api,
    allowance: number('allowance', values.allowance, 0),
    skipInvalid: values['skip-invalid'] ?? false,
    sheet: values.sheet ?? false,
    sheetOptions,
    logo: values.logo === undefined ? undefined : resolve(values.logo),
    sheetName: values['sheet-name'],
    pollMs: (number('poll', values.poll, 0.05) ?? 1) * 1000,
    ...(values['scene-mode'] === 'stored' ? { sceneMode: 'stored' as const } : {}),
  };
}

/** tables.csv → tables/ beside it */
export function defaultOut(input: string): string {
  return join(dirname(input), basename(input, extname(input)));
}
