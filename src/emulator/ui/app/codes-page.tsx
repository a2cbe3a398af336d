import type { StoredCode } from '../../control/codes-route';
import { getJson, sendJson } from './api';
import { formatDateTime, t } from './i18n';
import { ErrorLine, formatBytes, Json, usePolling } from './widgets';

/** GET /_emulator/codes, DELETE /_emulator/codes/<_id> */
export function CodesPage() {
  const { data, error, reload } = usePolling(() => getJson<{ codes: StoredCode[] }>('/_emulator/codes'), 5000);
  const remove = async (code: StoredCode) => {
    if (!confirm(t('Delete this code? The next request makes it anew (and spends quota for get / createQRCode).'))) return;
    await sendJson('DELETE', `/_emulator/codes/${encodeURIComponent(code._id)}`);
    reload();
  };
  return (
    <section class="card">
      <div class="toolbar">
        <h2>
          {t('Stored codes')} <span class="muted">({data?.codes.length ?? '…'})</span>
        </h2>
        <button type="button" onClick={reload}>
          {t('Refresh')}
        </button>
      </div>
      <ErrorLine error={error} />
      {data && data.codes.length === 0 && <p class="muted">{t('No stored codes yet.')}</p>}
      <div class="gallery">
        {data?.codes.map((code) => (
          <article class="code-card" data-testid="code-card" data-id={code._id} key={code._id}>
            <div class="thumb">{code.url ? <img src={code.url} alt={code.api} loading="lazy" /> : '×'}</div>
            <div class="code-meta">
              <b>{code.api}</b>
              <span class="muted">
                {formatDateTime(code.createdAt)} · {formatBytes(code.bytes)} · {code.contentType}
              </span>
              <code class="ellipsis" title={code.fileID}>
                {code.fileID}
              </code>
              <Json value={code.received ? withoutApi(code.received) : null} />
              <div class="actions">
                {code.url && (
                  <a class="button" href={code.url} download={code.cloudPath.split('/').pop()}>
                    {t('Download')}
                  </a>
                )}
                <button type="button" class="danger" data-testid="code-delete" onClick={() => void remove(code)}>
                  {t('Delete')}
                </button>
              </div>
            </div>
          </article>
        ))}
      </div>
    </section>
  );
}

function withoutApi(received: Record<string, unknown>) {
  const { api: _api, ...params } = received;
  return params;
}
