import { useEffect, useState } from 'preact/hooks';
import type { HistoryRow } from '../../../core/admin/contract';
import type { StatsRow } from '../../../core/entries/entry-stats';
import { callFunctionTrusted, getJson } from './api';
import { sceneValueName } from './entry-scene-values';
import { addZh, formatDateTime, t } from './i18n';
import { ErrorLine, Json } from './widgets';

addZh({
  Stats: '统计',
  'Entries by code': '各码带来的进入',
  entries: '进入次数',
  users: '用户数',
  newUsers: '新用户数',
  'No entries yet: make a code on the Make page and "Scan as" a user.': '还没有进入记录：在「生成」页生成一个码，然后用「模拟扫码」扫一下。',
  'By day (China time)': '按日期（北京时间）',
  'By 场景值': '按场景值',
  '活码: change this code without reprinting': '活码：不重印即可修改这个码',
  'Land on page': '落地页',
  'New data (JSON)': '新数据（JSON）',
  'Update page': '修改落地页',
  'Update data': '修改数据',
  'Message when disabled': '停用时显示的文字',
  Disable: '停用',
  Enable: '启用',
  History: '修改记录',
  'No changes since it was made.': '生成后未修改过。',
  'Inline codes carry their data in the code itself and cannot change; make 活码 with sceneMode "stored".': 'inline 码的数据印在码里，无法修改；请用 sceneMode "stored" 生成活码。',
  link: '链接',
});

interface Source {
  kind: 'scene' | 'link';
  id: string;
}

type AdminReply<T> = { errCode: number; errMsg: string } & Partial<T>;

async function admin<T>(data: Record<string, unknown>): Promise<AdminReply<T>> {
  const reply = await callFunctionTrusted<AdminReply<T>>('wxacodeAdmin', data);
  return (reply.result ?? reply) as AdminReply<T>;
}

/** every code or link with recorded entries, and every stored scene (活码 can change one before anyone scans it) */
async function loadSources(): Promise<Source[]> {
  const documents = async (name: string) => {
    try {
      return (await getJson<{ documents: Record<string, unknown>[] }>(`/_emulator/data/collections/${name}`)).documents;
    } catch {
      return [];
    }
  };
  const seen = new Map<string, Source>();
  for (const doc of await documents('wxacode_entries')) {
    const source: Source = { kind: doc.kind === 'link' ? 'link' : 'scene', id: String(doc.source) };
    seen.set(`${source.kind}\n${source.id}`, source);
  }
  for (const doc of await documents('wxacode_scenes')) {
    const id = String(doc._id);
    if (id.startsWith('@')) seen.set(`scene\n${id}`, seen.get(`scene\n${id}`) ?? { kind: 'scene', id });
  }
  return [...seen.values()];
}

/** Horizontal bars in SVG, one per key, longest = the largest value; no chart library for a dozen bars. */
export function Bars({ values, testid, name }: { values: Record<string, number>; testid: string; name?: (key: string) => string }) {
  const keys = Object.keys(values);
  const max = Math.max(1, ...keys.map((k) => values[k]));
  const rowHeight = 24;
  const labelWidth = 230;
  const barWidth = 320;
  return (
    <svg class="bars" data-testid={testid} width={labelWidth + barWidth + 60} height={Math.max(1, keys.length) * rowHeight} role="img">
      {keys.map((key, i) => (
        <g key={key} transform={`translate(0 ${i * rowHeight})`} data-key={key} data-value={values[key]}>
          <text x={0} y={16} font-size="12">
            {key} {name ? name(key) : ''}
          </text>
          <rect x={labelWidth} y={4} height={16} rx={3} width={Math.max(2, (values[key] / max) * barWidth)} fill="#1aad19" />
          <text x={labelWidth + (values[key] / max) * barWidth + 6} y={16} font-size="12">
            {values[key]}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** The Stats page: per-code entries (wxacodeAdmin stats), a chart by day and by 场景值, and 活码 actions. */
export function StatsPage() {
  const [rows, setRows] = useState<StatsRow[]>();
  const [error, setError] = useState<string>();
  const [selected, setSelected] = useState<string>();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stopped = false;
    (async () => {
      const sources = await loadSources();
      const answers = await Promise.all(sources.map((s) => admin<{ rows: StatsRow[] }>(s.kind === 'link' ? { action: 'stats', link: s.id } : { action: 'stats', scene: s.id })));
      const failed = answers.find((a) => a.errCode !== 0);
      if (failed) throw new Error(`wxacodeAdmin: ${failed.errCode} ${failed.errMsg}`);
      return answers.flatMap((a) => a.rows ?? []).sort((a, b) => b.entries - a.entries || (a.scene < b.scene ? -1 : 1));
    })().then(
      (loaded) => {
        if (stopped) return;
        setRows(loaded);
        setError(undefined);
        setSelected((current) => current ?? loaded.find((r) => r.entries > 0)?.scene ?? loaded[0]?.scene);
      },
      (failure: Error) => !stopped && setError(failure.message),
    );
    return () => {
      stopped = true;
    };
  }, [tick]);
  const row = rows?.find((r) => r.scene === selected);
  return (
    <>
      <section class="card">
        <div class="toolbar">
          <h2>{t('Entries by code')}</h2>
          <button type="button" data-testid="stats-refresh" onClick={() => setTick((n) => n + 1)}>
            {t('Refresh')}
          </button>
        </div>
        <ErrorLine error={error} />
        {rows && rows.every((r) => r.entries === 0) && <p class="muted">{t('No entries yet: make a code on the Make page and "Scan as" a user.')}</p>}
        <div class="table-wrap">
          <table class="log" data-testid="stats-table">
            <thead>
              <tr>
                <th>scene</th>
                <th>{t('entries')}</th>
                <th>{t('users')}</th>
                <th>{t('newUsers')}</th>
              </tr>
            </thead>
            <tbody>
              {rows?.map((r) => (
                <tr key={r.scene} data-testid="stats-row" data-scene={r.scene} class={r.scene === selected ? 'selected' : ''} onClick={() => setSelected(r.scene)}>
                  <td>
                    <code>{r.scene}</code> {r.kind === 'link' ? <span class="muted">{t('link')}</span> : null}
                  </td>
                  <td data-testid="stats-entries">{r.entries}</td>
                  <td data-testid="stats-users">{r.users}</td>
                  <td data-testid="stats-newUsers">{r.newUsers}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {row && (
        <section class="card" data-testid="stats-detail" data-scene={row.scene}>
          <h2>
            <code>{row.scene}</code>
          </h2>
          <h3>{t('By day (China time)')}</h3>
          <Bars values={row.byDay} testid="chart-by-day" />
          <h3>{t('By 场景值')}</h3>
          <Bars values={row.bySceneValue} testid="chart-by-scene-value" name={(key) => t(sceneValueName(key))} />
          {row.kind !== 'link' && <LivePanel scene={row.scene} onChanged={() => setTick((n) => n + 1)} />}
        </section>
      )}
    </>
  );
}

function LivePanel({ scene, onChanged }: { scene: string; onChanged: () => void }) {
  const [page, setPage] = useState('pages/index/index');
  const [data, setData] = useState('{"table": 12, "menu": "冬季"}');
  const [message, setMessage] = useState('本桌暂停使用，请扫描其他桌的码');
  const [reply, setReply] = useState<unknown>();
  const [history, setHistory] = useState<HistoryRow[]>();
  const [historyTick, setHistoryTick] = useState(0);
  const stored = scene.startsWith('@');
  useEffect(() => {
    if (!stored) return;
    void admin<{ history: HistoryRow[] }>({ action: 'history', scene }).then((answer) => setHistory(answer.history ?? []));
  }, [scene, historyTick, stored]);
  if (!stored) return <p class="muted">{t('Inline codes carry their data in the code itself and cannot change; make 活码 with sceneMode "stored".')}</p>;
  const act = async (event: Record<string, unknown>) => {
    let answer: unknown;
    try {
      answer = await admin({ ...event, scene });
    } catch (error) {
      answer = { error: (error as Error).message };
    }
    setReply(answer);
    setHistoryTick((n) => n + 1);
    onChanged();
  };
  const parsedData = () => {
    try {
      return JSON.parse(data) as unknown;
    } catch {
      return data;
    }
  };
  return (
    <div class="live" data-testid="live-panel">
      <h3>{t('活码: change this code without reprinting')}</h3>
      <div class="row">
        <label>
          <span>{t('Land on page')}</span>
          <input data-testid="live-page" value={page} onInput={(e) => setPage((e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" data-testid="live-update-page" onClick={() => void act({ action: 'update', page })}>
          {t('Update page')}
        </button>
      </div>
      <div class="row">
        <label>
          <span>{t('New data (JSON)')}</span>
          <input data-testid="live-data" value={data} onInput={(e) => setData((e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" data-testid="live-update-data" onClick={() => void act({ action: 'update', data: parsedData() })}>
          {t('Update data')}
        </button>
      </div>
      <div class="row">
        <label>
          <span>{t('Message when disabled')}</span>
          <input data-testid="live-message" value={message} onInput={(e) => setMessage((e.target as HTMLInputElement).value)} />
        </label>
        <button type="button" class="danger" data-testid="live-disable" onClick={() => void act({ action: 'disable', message })}>
          {t('Disable')}
        </button>
        <button type="button" data-testid="live-enable" onClick={() => void act({ action: 'enable' })}>
          {t('Enable')}
        </button>
      </div>
      {reply !== undefined && <Json testid="live-reply" value={reply} />}
      <h3>{t('History')}</h3>
      {history && history.length === 0 && <p class="muted">{t('No changes since it was made.')}</p>}
      <ol data-testid="live-history">
        {history?.map((h, i) => (
          <li key={i}>
            {formatDateTime(Date.parse(h.at))} · <b>{h.action}</b> · {h.actor}
            {h.page ? ` · page ${h.page}` : ''}
            {h.data ? ` · data ${JSON.stringify(h.data)}` : ''}
            {h.message ? ` · "${h.message}"` : ''}
          </li>
        ))}
      </ol>
    </div>
  );
}
