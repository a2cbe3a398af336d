import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Activity } from '../../activity/activity-log';
import { formatTime, t } from './i18n';
import { Json } from './widgets';

const MAX_ROWS = 1000;

/** The live log: GET /_emulator/events (server-sent events), newest first. */
export function CallsPage() {
  const [rows, setRows] = useState<Activity[]>([]);
  const [connected, setConnected] = useState(false);
  const [fn, setFn] = useState('');
  const [code, setCode] = useState('');
  const [open, setOpen] = useState<Activity | null>(null);

  useEffect(() => {
    const source = new EventSource('/_emulator/events');
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('activity', (message) => {
      const activity = JSON.parse((message as MessageEvent<string>).data) as Activity;
      setRows((all) => (all.some((a) => a.id === activity.id) ? all : [activity, ...all].slice(0, MAX_ROWS)));
    });
    return () => source.close();
  }, []);

  const functions = useMemo(() => [...new Set(rows.map((r) => r.function))].sort(), [rows]);
  const codes = useMemo(() => [...new Set(rows.map((r) => r.errCode).filter((c): c is number => c !== undefined))].sort((a, b) => a - b), [rows]);
  const shown = rows.filter((r) => (!fn || r.function === fn) && (code === '' || (code === 'errors' ? (r.errCode ?? 0) !== 0 : String(r.errCode) === code)));

  return (
    <section class="card">
      <div class="toolbar">
        <h2>{t('Live log of function invocations and WeChat calls')}</h2>
        <span class={`pill ${connected ? 'ok' : 'warn'}`} data-testid="calls-connection">{connected ? t('connected') : t('reconnecting')}</span>
      </div>
      <div class="filters">
        <select data-testid="calls-filter-function" value={fn} onChange={(e) => setFn((e.target as HTMLSelectElement).value)}>
          <option value="">{t('all functions')}</option>
          {functions.map((name) => (
            <option value={name}>{name}</option>
          ))}
        </select>
        <select data-testid="calls-filter-errcode" value={code} onChange={(e) => setCode((e.target as HTMLSelectElement).value)}>
          <option value="">{t('all errCodes')}</option>
          <option value="errors">{t('errors only')}</option>
          {codes.map((c) => (
            <option value={String(c)}>{c}</option>
          ))}
        </select>
        <span class="muted">{t('Click a row to see the whole record.')}</span>
      </div>
      {shown.length === 0 ? (
        <p class="muted">{t('No calls yet.')}</p>
      ) : (
        <div class="table-wrap">
          <table class="log" data-testid="calls-table">
            <thead>
              <tr>
                <th>{t('Time')}</th>
                <th>{t('Kind')}</th>
                <th>{t('Function')}</th>
                <th>{t('Caller')}</th>
                <th>{t('Parameters')}</th>
                <th>errCode</th>
                <th>{t('Duration')}</th>
                <th>{t('Cache')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr data-testid="calls-row" data-function={row.function} data-errcode={row.errCode} class={open?.id === row.id ? 'selected' : ''} onClick={() => setOpen(row)}>
                  <td>{formatTime(row.at)}</td>
                  <td>
                    <span class={`pill ${row.kind}`}>{row.kind === 'function' ? t('function') : t('WeChat')}</span>
                  </td>
                  <td>
                    <code>{row.function}</code>
                  </td>
                  <td>{row.kind === 'function' ? (row.openid ? <code>{row.openid}</code> : <span class="muted">{t('trusted')} ({row.source ?? '—'})</span>) : <span class="muted">{row.via}</span>}</td>
                  <td class="params">
                    <code>{summary(row.kind === 'function' ? withoutUserInfo(row.event) : row.params)}</code>
                  </td>
                  <td class={(row.errCode ?? 0) === 0 ? 'ok' : 'error'}>{row.errCode ?? '—'}</td>
                  <td>{row.durationMs} ms</td>
                  <td>{row.kind === 'function' && row.cached !== undefined ? (row.cached ? t('hit') : t('miss')) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && (
        <div class="drawer" data-testid="calls-detail" role="dialog">
          <div class="toolbar">
            <h3>
              #{open.id} <code>{open.function}</code>
            </h3>
            <button type="button" onClick={() => setOpen(null)}>
              {t('Close')}
            </button>
          </div>
          <Json value={open} />
        </div>
      )}
    </section>
  );
}

function withoutUserInfo(event: unknown): unknown {
  if (!event || typeof event !== 'object') return event;
  const { userInfo: _platform, ...rest } = event as Record<string, unknown>;
  return rest;
}

function summary(value: unknown): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > 90 ? `${text.slice(0, 90)}…` : text;
}
