import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import writeXlsxFile from 'write-excel-file/node';
import { ADMIN_FUNCTION, ADMIN_HTTP_PATH, type HistoryRow } from '../core/admin/contract';
import { csvTextCell } from '../core/batch/files/csv-cell';
import { ErrCode } from '../core/errors';
import type { StatsRow } from '../core/entries/entry-stats';
import { DEFAULT_TARGET, defaultOut, TOKEN_VARIABLE } from '../batch-cli/args';
import { BatchCliError } from '../batch-cli/errors';
import { BatchClient, BatchReplyError } from '../batch-cli/http-client';
import { readJobState } from '../batch-cli/job-state';

export const STATS_USAGE = `usage: wxacode-cloudbase stats <items file> [options]

The entries each code of the file's batch job brought (the job wxacode-cloudbase batch <file> made), by label:
entries, users, new users, by 场景值 and by day (China time). Writes stats.csv and stats.xlsx into --out.
统计批量生成的每个码带来的进入次数、用户数、新用户数（按场景值、按日期）。

  --since YYYY-MM-DD  --until YYYY-MM-DD   only these days (inclusive, China time)
  --target <url>   where wxacodeAdmin answers (default ${DEFAULT_TARGET}: the emulator of wxacode-cloudbase start)
  --token <token>  a bearer token of WXACODE_HTTP_TOKENS (or set ${TOKEN_VARIABLE})
  --out <dir>      the batch's output folder (default: a folder named after the file, beside it)

exit status: 0 done, 1 failed, 2 a usage mistake`;

export const LIVE_USAGE = `usage: wxacode-cloudbase live <items file> (--label <label>… | --all) <change> [options]

活码: change a batch job's printed codes without reprinting (stored scenes only: batch --scene-mode stored).
不重印即可修改已印刷的码（仅 stored 模式的码）。

changes (one):
  --page <page>        land on another page of the app (e.g. pages/menu/menu)
  --data <json>        new sceneData for one code (--label): {"table": 12, "menu": "winter"}
  --disable --message <text>   switch off: the page shows the message (errCode -700005)
  --enable             switch back on
  --history            list the changes made to one code (--label)

  --label <label>  a code of the job (repeat for several)      --all  every code of the job
  --target <url>   --token <token>   --out <dir>   as for stats

exit status: 0 done, 1 failed, 2 a usage mistake`;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Record<string, string | undefined>;
}

interface Common {
  input: string;
  out: string;
  jobId: string;
  client: BatchClient;
}

function common(values: { target?: string; token?: string; out?: string }, positionals: string[], env: Io['env'], usage: string): Common {
  if (positionals.length !== 1) throw new BatchCliError(`${positionals.length === 0 ? 'name the items file' : `one items file, please; received ${positionals.join(' ')}`}\n\n${usage}`, 2);
  const input = resolve(positionals[0]);
  const out = values.out ? resolve(values.out) : defaultOut(input);
  const state = readJobState(out);
  if (!state) {
    throw new BatchCliError(`no batch job for ${shown(input)} in ${shown(out)}: run wxacode-cloudbase batch ${shown(input)} first (it remembers the job there), or pass --out with that run's folder`);
  }
  const target = (values.target ?? state.target ?? DEFAULT_TARGET).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(target)) throw new BatchCliError(`--target: must be an http:// or https:// URL; received ${JSON.stringify(values.target)}`, 2);
  const client = new BatchClient({ target, token: values.token ?? env[TOKEN_VARIABLE], path: ADMIN_HTTP_PATH, functionName: ADMIN_FUNCTION });
  return { input, out, jobId: state.jobId, client };
}

function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
}

async function guarded(io: Io, work: () => Promise<number>): Promise<number> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof BatchCliError) {
      io.stderr(`error: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof BatchReplyError) {
      // the CLI named the job from its folder, not the user: what to check is where it asked
      const where =
        error.reply.errCode === ErrCode.BATCH_UNKNOWN_JOB
          ? '\nThe job remembered beside the items file is not in the environment asked: pass the --target (and --token) the batch ran against. An emulator started with --in-memory forgets its jobs when it stops: run the batch again there.'
          : '';
      io.stderr(`error: ${ADMIN_FUNCTION} answered errCode ${error.reply.errCode}: ${error.reply.errMsg}${where}\n`);
      return 1;
    }
    if (error instanceof TypeError && /parseArgs|Unknown option|ERR_PARSE_ARGS/.test(`${(error as { code?: string }).code ?? ''} ${error.message}`)) {
      io.stderr(`error: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

/** `wxacode-cloudbase stats <items file>`: the job's stats by label, printed and written to stats.csv / stats.xlsx. */
export async function runStats(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { target: { type: 'string' }, token: { type: 'string' }, out: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help) {
      io.stdout(`${STATS_USAGE}\n`);
      return 0;
    }
    const { out, jobId, client } = common(values, positionals, io.env, STATS_USAGE);
    const reply = await client.call<{ rows: StatsRow[] }>({ action: 'stats', jobId, ...(values.since ? { since: values.since } : {}), ...(values.until ? { until: values.until } : {}) });
    const table = statsTable(reply.rows);
    io.stdout(`${formatTable(table)}\n`);
    writeFileSync(join(out, 'stats.csv'), statsCsv(table));
    const xlsx = await writeXlsxFile(
      table.map((row, r) => row.map((cell) => (r === 0 || typeof cell === 'string' ? { type: String, value: String(cell) } : { type: Number, value: cell }))),
      { sheet: 'stats' },
    ).toBuffer();
    writeFileSync(join(out, 'stats.xlsx'), xlsx);
    io.stderr(`job ${jobId}: ${reply.rows.length} codes; wrote ${shown(join(out, 'stats.csv'))} and ${shown(join(out, 'stats.xlsx'))}\n`);
    return 0;
  });
}

/** header + one row per code: label, scene, entries, users, newUsers, one column per 场景值, one per day */
export function statsTable(rows: readonly StatsRow[]): (string | number)[][] {
  const sceneValues = [...new Set(rows.flatMap((r) => Object.keys(r.bySceneValue)))].sort();
  const days = [...new Set(rows.flatMap((r) => Object.keys(r.byDay)))].sort();
  const header = ['label', 'scene', 'entries', 'users', 'newUsers', ...sceneValues.map((v) => `场景值 ${v}`), ...days];
  return [
    header,
    ...rows.map((r) => [r.label ?? '', r.scene, r.entries, r.users, r.newUsers, ...sceneValues.map((v) => r.bySceneValue[v] ?? 0), ...days.map((d) => r.byDay[d] ?? 0)]),
  ];
}

function statsCsv(table: (string | number)[][]): string {
  // a BOM so Excel and WPS read the UTF-8 (labels are often Chinese), as the manifest does
  return `\uFEFF${table.map((row) => row.map((cell) => (typeof cell === 'number' ? String(cell) : csvTextCell(cell))).join(',')).join('\r\n')}\r\n`;
}

/** CJK ideographs, kana, hangul and full-width forms take two terminal columns (桌12, 场景值 1047) */
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

/** columns lined up in a terminal, counting a Chinese character as two columns */
export function formatTable(table: (string | number)[][]): string {
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => displayWidth(String(row[c])))));
  const pad = (text: string, width: number) => ' '.repeat(Math.max(0, width - displayWidth(text)));
  return table
    .map((row) => row.map((cell, c) => (typeof cell === 'number' ? pad(String(cell), widths[c]) + String(cell) : String(cell) + pad(String(cell), widths[c]))).join('  ').trimEnd())
    .join('\n');
}

/** `wxacode-cloudbase live <items file> …`: 活码 changes to a job's codes by label. */
export async function runLive(argv: readonly string[], io: Io): Promise<number> {
  return guarded(io, async () => {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        target: { type: 'string' },
        token: { type: 'string' },
        out: { type: 'string' },
        label: { type: 'string', multiple: true },
        all: { type: 'boolean' },
        page: { type: 'string' },
        data: { type: 'string' },
        disable: { type: 'boolean' },
        message: { type: 'string' },
        enable: { type: 'boolean' },
        history: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      io.stdout(`${LIVE_USAGE}\n`);
      return 0;
    }
    const changes = [values.page !== undefined || values.data !== undefined, values.disable, values.enable, values.history].filter(Boolean).length;
    if (changes !== 1) throw new BatchCliError(`name one change: --page / --data, --disable --message, --enable or --history\n\n${LIVE_USAGE}`, 2);
    const labels = values.label ?? [];
    if ((labels.length > 0) === Boolean(values.all)) throw new BatchCliError(`name the codes: --label <label> (repeatable) or --all\n\n${LIVE_USAGE}`, 2);
    if ((values.history || values.data !== undefined) && labels.length !== 1) throw new BatchCliError(`--${values.history ? 'history' : 'data'}: is about one code; pass one --label`, 2);
    if (values.message !== undefined && !values.disable) throw new BatchCliError('--message: goes with --disable', 2);
    if (values.disable && values.message === undefined) throw new BatchCliError('--disable: needs --message <text>, what users see instead (e.g. "本桌暂停使用")', 2);
    let data: unknown;
    if (values.data !== undefined) {
      try {
        data = JSON.parse(values.data);
      } catch {
        throw new BatchCliError(`--data: must be a JSON object such as '{"table": 12}'; received ${values.data}`, 2);
      }
    }
    const { jobId, client } = common(values, positionals, io.env, LIVE_USAGE);
    const action = values.history ? 'history' : values.disable ? 'disable' : values.enable ? 'enable' : 'update';
    const body = {
      action,
      jobId,
      ...(values.page !== undefined ? { page: values.page } : {}),
      ...(data !== undefined ? { data } : {}),
      ...(values.message !== undefined ? { message: values.message } : {}),
    };
    for (const label of labels.length > 0 ? labels : [undefined]) {
      const reply = await client.call<{ history?: HistoryRow[]; changed?: { scene: string; label?: string }[]; scene?: string }>({ ...body, ...(label !== undefined ? { label } : {}) });
      if (action === 'history') {
        for (const h of reply.history ?? []) {
          io.stdout(`${h.at}  ${h.action.padEnd(7)}  ${h.actor}  ${[h.page ? `page ${h.page}` : '', h.data ? `data ${JSON.stringify(h.data)}` : '', h.message ? `message ${JSON.stringify(h.message)}` : ''].filter(Boolean).join(', ')}\n`);
        }
        if ((reply.history ?? []).length === 0) io.stdout(`${label}: no changes since it was made\n`);
      } else {
        for (const c of reply.changed ?? []) io.stdout(`${action}: ${c.label ?? ''} ${c.scene}\n`);
      }
    }
    return 0;
  });
}
