import { getJson } from './api';
import { formatDateTime, t } from './i18n';
import { ErrorLine, Meter, usePolling } from './widgets';

interface Limits {
  lifetimeQuota: { used: number; limit: number; left: number } | null;
  getUnlimitedPerMinute: { used: number; limit: number } | null;
  perUser: { limit: number | null; windowSeconds: number | null; problem?: string; windows: { key: string; count: number; windowStart?: number; expiresAt?: number }[] };
  getDailyCap: { used: number; limit: number; left: number } | null;
}

/** GET /_emulator/limits, once a second */
export function LimitsPage() {
  const { data, error } = usePolling(() => getJson<Limits>('/_emulator/limits'), 1000);
  const perUser = data?.perUser;
  return (
    <div class="stack">
      <ErrorLine error={error} />
      <section class="card">
        <h2>{t('Lifetime quota of get + createQRCode')}</h2>
        {data?.lifetimeQuota && (
          <Meter testid="quota-meter" used={data.lifetimeQuota.used} limit={data.lifetimeQuota.limit}>
            <b data-testid="quota-used">{data.lifetimeQuota.used.toLocaleString()}</b> {t('used')} · <b data-testid="quota-left">{data.lifetimeQuota.left.toLocaleString()}</b> {t('left')} /{' '}
            {data.lifetimeQuota.limit.toLocaleString()}
          </Meter>
        )}
      </section>
      <section class="card">
        <h2>{t('getUnlimited calls in the last minute')}</h2>
        {data?.getUnlimitedPerMinute && (
          <Meter testid="rate-meter" used={data.getUnlimitedPerMinute.used} limit={data.getUnlimitedPerMinute.limit}>
            <b>{data.getUnlimitedPerMinute.used.toLocaleString()}</b> / {data.getUnlimitedPerMinute.limit.toLocaleString()}
          </Meter>
        )}
      </section>
      <section class="card">
        <h2>{t("Per-user windows of the functions' rate limit")}</h2>
        {perUser && (
          <p class="muted">
            {perUser.problem ?? (perUser.limit === null ? t('rate limit off') : `${t('new codes per user per')} ${perUser.windowSeconds} ${t('seconds')}: ${perUser.limit}`)}
          </p>
        )}
        {perUser && perUser.windows.length === 0 ? (
          <p class="muted">{t('No open windows.')}</p>
        ) : (
          <div class="table-wrap">
            <table data-testid="user-windows">
              <thead>
                <tr>
                  <th>{t('Window (hashed OPENID : start)')}</th>
                  <th>{t('Count')}</th>
                  <th>{t('Ends at')}</th>
                </tr>
              </thead>
              <tbody>
                {perUser?.windows.map((w) => (
                  <tr>
                    <td>
                      <code>{w.key}</code>
                    </td>
                    <td>
                      {perUser.limit ? <Meter used={w.count} limit={perUser.limit}>{`${w.count} / ${perUser.limit}`}</Meter> : w.count}
                    </td>
                    <td>{w.expiresAt ? formatDateTime(w.expiresAt) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section class="card">
        <h2>{t('Daily cap of get')}</h2>
        {data?.getDailyCap ? (
          <Meter testid="daily-meter" used={data.getDailyCap.used} limit={data.getDailyCap.limit}>
            <b>{data.getDailyCap.used.toLocaleString()}</b> {t('used')} · <b>{data.getDailyCap.left.toLocaleString()}</b> {t('left')} / {data.getDailyCap.limit.toLocaleString()}{' '}
            <span class="muted">({t('resets at midnight Beijing time')})</span>
          </Meter>
        ) : (
          <p class="muted">{t('not enforced by this emulator version')}</p>
        )}
      </section>
    </div>
  );
}
