import { useState } from 'preact/hooks';
import type { LinkRecord } from '../../state/links-state';
import type { OpenResult } from '../../wechat/links/link-open';
import type { LinkUsage } from '../../wechat/types';
import { ApiError, getJson } from './api';
import { formatDateTime, t } from './i18n';
import { ErrorLine, Json, Meter, usePolling } from './widgets';

/** 场景值列表: what each entry a link makes is called */
const SCENES: Record<number, string> = {
  1194: 'URL Link (outside WeChat)',
  1167: 'URL Link inside WeChat (H5 open tag)',
  1065: 'URL Scheme',
  1179: 'Short Link',
  1286: 'plain-text URL Scheme',
};

/** GET /_emulator/links (every 3 s) and GET /_emulator/links/open */
export function LinksPage() {
  const { data, error } = usePolling(() => getJson<{ links: LinkRecord[]; usage: LinkUsage }>('/_emulator/links'), 3000);
  const [link, setLink] = useState('');
  const [inWechat, setInWechat] = useState(false);
  const [result, setResult] = useState<OpenResult>();
  const [serial, setSerial] = useState(0);
  const [openError, setOpenError] = useState<string>();

  const openLink = async (value: string) => {
    setOpenError(undefined);
    try {
      const opened = await getJson<OpenResult>(`/_emulator/links/open?link=${encodeURIComponent(value.trim())}${inWechat ? '&inWechat=1' : ''}`);
      setResult(opened);
      setSerial((n) => n + 1);
    } catch (e) {
      setOpenError(e instanceof ApiError ? e.message : String(e));
    }
  };

  return (
    <div class="stack">
      <section class="card">
        <h2>{t('Open a link')}</h2>
        <p class="muted">{t('Paste a URL Link, URL Scheme, Short Link or plain-text scheme: see the page it opens, the query onLoad receives and the 场景值 — or why it would not open.')}</p>
        <form
          class="inline"
          onSubmit={(e) => {
            e.preventDefault();
            void openLink(link);
          }}
        >
          <input
            class="link-input"
            data-testid="link-input"
            placeholder="https://wxaurl.cn/… · weixin://dl/business/?t=… · #小程序://…"
            value={link}
            onInput={(e) => setLink((e.target as HTMLInputElement).value)}
          />
          <label>
            <input type="checkbox" data-testid="link-in-wechat" checked={inWechat} onChange={(e) => setInWechat((e.target as HTMLInputElement).checked)} /> {t('opened inside WeChat')}
          </label>
          <button type="submit" data-testid="link-open" disabled={link.trim() === ''}>
            {t('Open')}
          </button>
        </form>
        <ErrorLine error={openError} />
        {result && <OpenedLink result={result} serial={serial} />}
      </section>
      <section class="card">
        <h2>{t('Link caps today (China time)')}</h2>
        <ErrorLine error={error} />
        {data && <LinkCaps usage={data.usage} />}
      </section>
      <section class="card">
        <h2>
          {t('Links made')} <span class="muted">({data?.links.length ?? '…'})</span>
        </h2>
        {data && data.links.length === 0 && <p class="muted">{t('No links yet: call urllink.generate, urlscheme.generate or shortlink.generate.')}</p>}
        {data && data.links.length > 0 && (
          <div class="table-wrap">
            <table data-testid="links-table">
              <thead>
                <tr>
                  <th>{t('Link')}</th>
                  <th>{t('Page')}</th>
                  <th>query</th>
                  <th>{t('Expires')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {data.links.map((made) => (
                  <tr data-testid="link-row" data-kind={made.kind}>
                    <td>
                      <code class="ellipsis link-cell" title={made.link}>
                        {made.link}
                      </code>
                    </td>
                    <td>
                      <code>{made.path}</code>
                    </td>
                    <td>
                      <code>{made.query}</code>
                    </td>
                    <td>{made.expireTime ? formatDateTime(made.expireTime * 1000) : t('never')}</td>
                    <td>
                      <button
                        type="button"
                        data-testid="link-row-open"
                        onClick={() => {
                          setLink(made.link);
                          void openLink(made.link);
                        }}
                      >
                        {t('Open')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

function OpenedLink({ result, serial }: { result: OpenResult; serial: number }) {
  return (
    <div class="link-result" data-testid="link-result" data-serial={serial} data-opens={String(result.opens)}>
      <p>
        <span class={`pill ${result.opens ? 'ok' : 'warn'}`} data-testid="link-opens">
          {result.opens ? `✓ ${t('opens')}` : `✗ ${t('does not open')}`}
        </span>{' '}
        {result.kind && <code data-testid="link-kind">{result.kind}</code>}
      </p>
      {result.reason && (
        <p class="status error" data-testid="link-reason">
          {result.errcode ? `${result.errcode}: ` : ''}
          {result.reason}
        </p>
      )}
      {result.opens && (
        <dl class="facts">
          <dt>{t('Page')}</dt>
          <dd>
            <code data-testid="link-page">{result.page}</code>
          </dd>
          <dt>{t('onLoad(options) receives')}</dt>
          <dd>
            <Json testid="link-query" value={result.query} />
          </dd>
          {result.cq !== undefined && (
            <>
              <dt>cq</dt>
              <dd>
                <code data-testid="link-cq">{result.cq}</code> <span class="muted">{t('as written: decode once')}</span>
              </dd>
            </>
          )}
          <dt>{t('场景值 (scene)')}</dt>
          <dd>
            <b data-testid="link-scene">{result.sceneValue}</b> <span class="muted">{result.sceneValue ? t(SCENES[result.sceneValue] ?? '') : ''}</span>
          </dd>
          {result.envVersion && (
            <>
              <dt>env_version</dt>
              <dd>
                <code>{result.envVersion}</code>
              </dd>
            </>
          )}
          {result.expiresAt !== undefined && (
            <>
              <dt>{t('Expires')}</dt>
              <dd data-testid="link-expires">{result.expiresAt ? formatDateTime(Date.parse(result.expiresAt)) : t('never')}</dd>
            </>
          )}
        </dl>
      )}
    </div>
  );
}

/** WeChat's link caps as GET /_emulator/usage and /_emulator/links report them; the Usage page shows them too */
export function LinkCaps({ usage }: { usage: LinkUsage }) {
  const rows: [string, string, { used: number; limit: number }][] = [
    ['links-daily', 'URL Link + URL Scheme made today (44993)', usage.urlLinksAndSchemes],
    ['links-short', 'Short Links made today (45009)', usage.shortLinks],
    ['links-permanent', 'permanent Short Links + NFC schemes, ever (85400)', usage.permanentLinks],
    ['links-opens', 'URL Link + URL Scheme openings today (85406)', usage.opens],
  ];
  return (
    <div class="stack" data-testid="link-caps">
      {rows.map(([testid, label, { used, limit }]) => (
        <Meter testid={testid} used={used} limit={limit}>
          {used.toLocaleString()} / {limit.toLocaleString()} {t(label)}
        </Meter>
      ))}
      <p class="muted">
        {t('The day resets at')} {usage.resetsAt} · {t('calls in the last second')}: {usage.perSecond.used} / {usage.perSecond.limit} (44990)
      </p>
    </div>
  );
}
