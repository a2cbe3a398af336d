import { useState } from 'preact/hooks';
import type { FunctionUsage } from '../../usage/meter';
import type { UsageReply } from '../../usage/usage-reply';
import { getJson } from './api';
import { formatDateTime, t } from './i18n';
import { LinkCaps } from './links-page';
import { ErrorLine, formatBytes, Meter, usePolling } from './widgets';

const UNIT_LABELS: Record<string, string> = {
  databaseReads: 'Database reads',
  databaseWrites: 'Database writes',
  storageUploads: 'Storage uploads',
  storageDownloads: 'Downloads',
  temporaryUrls: 'Temporary URL requests',
  storageDeletes: 'Storage deletes',
  openApiCalls: 'Cloud calls (wx.openApi)',
  functionInvocations: 'Function invocations',
  gbSeconds: 'GB·s',
  uploadedBytes: 'Bytes uploaded',
  cdnBytes: 'CDN / outbound bytes',
  otherRequests: 'Other requests',
};

const formatUnit = (unit: string, n: number) => (unit.endsWith('Bytes') ? formatBytes(n) : unit === 'gbSeconds' ? n.toFixed(3) : n.toLocaleString());
const round1 = (n: number) => Math.round(n * 10) / 10;

/** 调用次数 one invocation costs: what its process sent, plus the invocation itself */
const callsPerInvocation = (f: FunctionUsage) => (f.invocations > 0 ? (f.calls + f.invocations) / f.invocations : 0);

/** GET /_emulator/usage, every two seconds */
export function UsagePage() {
  const { data, error } = usePolling(() => getJson<UsageReply>('/_emulator/usage'), 2000);
  const [codes, setCodes] = useState(10_000);
  const [chosen, setChosen] = useState<string>();
  const functions = Object.entries(data?.byFunction ?? {})
    .filter(([, f]) => f.invocations > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  const projected = chosen && data?.byFunction[chosen] ? chosen : functions.find(([n]) => n === 'wxacodeGetUnlimited')?.[0] ?? functions[0]?.[0];
  const perCall = projected && data ? callsPerInvocation(data.byFunction[projected]) : 0;
  return (
    <div class="stack">
      <ErrorLine error={error} />
      <section class="card">
        <h2>{t('CloudBase requests since')} {data ? formatDateTime(data.since) : ''}</h2>
        {data && (
          <>
            <p>
              <b data-testid="usage-calls">{data.calls.toLocaleString()}</b> {t('calls (调用次数)')} ·{' '}
              {t('refused by the emulated limits')}: <b data-testid="usage-refused">{(data.refused.qps + data.refused.monthlyCalls).toLocaleString()}</b>{' '}
              <span class="muted">
                (QPS {data.limits.qps ?? t('off')}, {t('monthly calls')} {data.limits.monthlyCalls?.toLocaleString() ?? t('off')})
              </span>
            </p>
            {data.limits.monthlyCalls && (
              <Meter testid="usage-monthly-meter" used={data.thisMonth.calls} limit={data.limits.monthlyCalls}>
                {data.thisMonth.calls.toLocaleString()} / {data.limits.monthlyCalls.toLocaleString()} {t('calls this month')} ({data.thisMonth.month})
              </Meter>
            )}
            <div class="table-wrap">
              <table data-testid="usage-units">
                <thead>
                  <tr>
                    <th>{t('Billing unit')}</th>
                    <th>{t('Used')}</th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(data.byUnit).map(([unit, n]) => (
                    <tr data-testid={`unit-${unit}`}>
                      <td>{t(UNIT_LABELS[unit] ?? unit)}</td>
                      <td>{formatUnit(unit, n)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      {data?.links && (
        <section class="card" data-testid="usage-links">
          <h2>{t("WeChat's link caps today (China time)")}</h2>
          <LinkCaps usage={data.links} />
          <p class="muted">{t('WeChat no longer reports how many links an app made; the emulator counts them as the toolkit must.')}</p>
        </section>
      )}
      <section class="card">
        <h2>{t('What each function costs per call')}</h2>
        {functions.length === 0 ? (
          <p class="muted">{t('No function has run yet: make a code, then come back.')}</p>
        ) : (
          <div class="table-wrap">
            <table data-testid="usage-functions">
              <thead>
                <tr>
                  <th>{t('Function')}</th>
                  <th>{t('Invocations')}</th>
                  <th>{t('Calls per invocation')}</th>
                  <th>{t('Requests per invocation, by action')}</th>
                  <th>GB·s</th>
                </tr>
              </thead>
              <tbody>
                {functions.map(([name, f]) => (
                  <tr data-testid={`usage-fn-${name}`}>
                    <td>
                      <code>{name}</code>
                    </td>
                    <td>{f.invocations.toLocaleString()}</td>
                    <td data-testid={`per-call-${name}`}>{round1(callsPerInvocation(f))}</td>
                    <td class="actions wrap">
                      {Object.entries(f.byAction)
                        .sort(([, a], [, b]) => b - a)
                        .map(([action, n]) => (
                          <span class="pill">
                            <code>{action}</code> ×{round1(n / f.invocations)}
                          </span>
                        ))}
                    </td>
                    <td>{f.gbSeconds.toFixed(3)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p class="muted">{t('Calls per invocation: the requests its process sent that CloudBase bills as 调用次数, plus the invocation itself.')}</p>
      </section>
      <section class="card">
        <h2>{t('What that would use of each plan')}</h2>
        <div class="inline">
          <label>
            {t('codes a month')}{' '}
            <input
              type="number"
              min={1}
              data-testid="projection-codes"
              value={codes}
              onInput={(e) => setCodes(Math.max(1, Number((e.target as HTMLInputElement).value) || 1))}
            />
          </label>
          <label>
            {t('made by')}{' '}
            <select data-testid="projection-fn" value={projected} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
              {functions.map(([name]) => (
                <option value={name}>{name}</option>
              ))}
            </select>
          </label>
        </div>
        {data && projected && (
          <div class="table-wrap">
            <table data-testid="usage-projection">
              <thead>
                <tr>
                  <th>{t('Plan')}</th>
                  <th>{t('调用次数 a month')}</th>
                  <th>{t('These codes use')}</th>
                </tr>
              </thead>
              <tbody>
                {data.plans.plans.map((plan) => {
                  const used = Math.round(codes * (plan.callsCount === 'invocations' ? 1 : perCall));
                  return (
                    <tr data-testid={`projection-${plan.id}`} data-used={used}>
                      <td class="wrap">
                        <b>{plan.name}</b>
                        <div class="muted">{plan.callsCover}</div>
                        <div class="muted">
                          QPS {plan.qps} ({plan.qpsCovers})
                        </div>
                        <div class="muted">
                          {t('Source')}:{' '}
                          <a href={plan.source.url} target="_blank" rel="noreferrer" title={plan.source.detail}>
                            {plan.source.title}
                          </a>
                        </div>
                      </td>
                      <td>{plan.monthlyCalls.toLocaleString()}</td>
                      <td class="wrap">
                        <Meter used={used} limit={plan.monthlyCalls}>
                          {t('at these calls')}, {codes.toLocaleString()} {t('codes a month use')} <b>{used.toLocaleString()}</b> ({Math.round((used / plan.monthlyCalls) * 100)}%)
                        </Meter>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
        {data && (
          <p class="muted" data-testid="plans-as-of">
            {t('Plan figures as of')} {data.plans.asOf}. {t('CloudBase has changed its plans several times: check the sources.')}
          </p>
        )}
      </section>
      <section class="card">
        <h2>{t('Requests by action')}</h2>
        <div class="table-wrap">
          <table data-testid="usage-actions">
            <tbody>
              {Object.entries(data?.byAction ?? {})
                .sort(([, a], [, b]) => b - a)
                .map(([action, n]) => (
                  <tr>
                    <td>
                      <code>{action}</code>
                    </td>
                    <td>{n.toLocaleString()}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
