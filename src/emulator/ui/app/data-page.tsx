import { useState } from 'preact/hooks';
import { getJson, sendJson } from './api';
import { formatDateTime, t } from './i18n';
import { ErrorLine, formatBytes, Json, usePolling } from './widgets';

interface FileRow {
  cloudPath: string;
  fileID: string;
  size: number;
  contentType: string;
  uploadedAt: number;
  url: string;
}

const FILES = '\u0000files';

/** /_emulator/data/collections…, /_emulator/data/files… */
export function DataPage() {
  const collections = usePolling(() => getJson<{ collections: { name: string; count: number }[] }>('/_emulator/data/collections'), 5000);
  const [picked, setPicked] = useState<string>();
  return (
    <div class="data">
      <nav class="card side">
        <h3>{t('Collections')}</h3>
        <ErrorLine error={collections.error} />
        <ul>
          {collections.data?.collections.map((c) => (
            <li>
              <button type="button" data-testid={`collection-${c.name}`} aria-current={picked === c.name} onClick={() => setPicked(c.name)}>
                <code>{c.name}</code> <span class="muted">{c.count}</span>
              </button>
            </li>
          ))}
        </ul>
        <h3>{t('Storage files')}</h3>
        <ul>
          <li>
            <button type="button" data-testid="storage-files" aria-current={picked === FILES} onClick={() => setPicked(FILES)}>
              {t('Storage files')}
            </button>
          </li>
        </ul>
      </nav>
      <section class="card main">
        {picked === undefined && <p class="muted">{t('Pick a collection or the storage files.')}</p>}
        {picked === FILES && <Files />}
        {picked !== undefined && picked !== FILES && <Collection name={picked} onChange={collections.reload} key={picked} />}
      </section>
    </div>
  );
}

function Collection({ name, onChange }: { name: string; onChange: () => void }) {
  const { data, error, reload } = usePolling(() => getJson<{ documents: Record<string, unknown>[] }>(`/_emulator/data/collections/${encodeURIComponent(name)}`), 0);
  const remove = async (id: unknown) => {
    if (!confirm(t('Delete this document?'))) return;
    await sendJson('DELETE', `/_emulator/data/collections/${encodeURIComponent(name)}/documents/${encodeURIComponent(String(id))}`);
    reload();
    onChange();
  };
  return (
    <>
      <div class="toolbar">
        <h2>
          <code>{name}</code> <span class="muted">{data ? `${data.documents.length} ${t('documents')}` : '…'}</span>
        </h2>
        <button type="button" onClick={reload}>
          {t('Refresh')}
        </button>
      </div>
      <ErrorLine error={error} />
      {data?.documents.map((doc) => (
        <div class="doc" data-testid="document">
          <div class="toolbar">
            <code>_id: {String(doc._id)}</code>
            <button type="button" class="danger" onClick={() => void remove(doc._id)}>
              {t('Delete')}
            </button>
          </div>
          <Json value={doc} />
        </div>
      ))}
    </>
  );
}

function Files() {
  const { data, error, reload } = usePolling(() => getJson<{ files: FileRow[] }>('/_emulator/data/files'), 0);
  const remove = async (file: FileRow) => {
    if (!confirm(t('Delete this file?'))) return;
    await sendJson('DELETE', `/_emulator/data/files?cloudPath=${encodeURIComponent(file.cloudPath)}`);
    reload();
  };
  return (
    <>
      <div class="toolbar">
        <h2>{t('Storage files')}</h2>
        <button type="button" onClick={reload}>
          {t('Refresh')}
        </button>
      </div>
      <ErrorLine error={error} />
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>cloudPath</th>
              <th>{t('Size')}</th>
              <th>{t('Uploaded')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {data?.files.map((file) => (
              <tr data-testid="file-row">
                <td>
                  <code title={file.fileID}>{file.cloudPath}</code>
                  <div class="muted">{file.contentType}</div>
                </td>
                <td>{formatBytes(file.size)}</td>
                <td>{formatDateTime(file.uploadedAt)}</td>
                <td class="actions">
                  <a class="button" href={file.url} download={file.cloudPath.split('/').pop()}>
                    {t('Download')}
                  </a>
                  <button type="button" class="danger" onClick={() => void remove(file)}>
                    {t('Delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
