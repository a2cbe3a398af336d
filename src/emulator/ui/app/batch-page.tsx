import { useState } from 'preact/hooks';
import type { BatchJobSummary } from '../../control/batch-jobs-route';
import type { JobStatus, ResultsReply } from '../../../core/batch/contract';
import { callFunctionTrusted, getJson, sameOrigin } from './api';
import { formatDateTime, t } from './i18n';
import { ErrorLine, Meter, usePolling } from './widgets';

const BATCH = 'wxacodeBatch';

/** wxacodeBatch called as a trusted server-side caller; a refusal (errCode ≠ 0) becomes an error with its errMsg */
async function batchCall<T>(data: Record<string, unknown>): Promise<T> {
  const reply = await callFunctionTrusted<T & { errCode: number; errMsg: string }>(BATCH, data);
  const result = reply.result;
  if (!result) throw new Error(`errCode ${reply.errCode ?? '?'} ${reply.errMsg ?? ''}`);
  if (result.errCode !== 0) throw new Error(`errCode ${result.errCode} ${result.errMsg}`);
  return result;
}

/** GET /_emulator/batch/jobs lists the jobs; each job's progress and files come from wxacodeBatch's own actions */
export function BatchPage() {
  const { data, error, reload } = usePolling(() => getJson<{ jobs: BatchJobSummary[] }>('/_emulator/batch/jobs'), 3000);
  return (
    <section class="card">
      <div class="toolbar">
        <h2>
          {t('Batch jobs')} <span class="muted">({data?.jobs.length ?? '…'})</span>
        </h2>
        <button type="button" onClick={reload}>
          {t('Refresh')}
        </button>
      </div>
      <p class="muted">{t('Submit jobs with npm run batch or the wxacodeBatch function; progress comes from its status action.')}</p>
      <ErrorLine error={error} />
      {data && data.jobs.length === 0 && <p class="muted">{t('No batch jobs yet.')}</p>}
      <div class="stack">
        {data?.jobs.map((job) => (
          <JobCard summary={job} key={job.jobId} />
        ))}
      </div>
    </section>
  );
}

type Links = Partial<Pick<ResultsReply, 'manifest' | 'zip' | 'sheet'>>;
type Wanted = 'manifest' | 'zip' | 'sheet';

function JobCard({ summary }: { summary: BatchJobSummary }) {
  const [job, setJob] = useState<JobStatus>();
  const [live, setLive] = useState(true);
  const [links, setLinks] = useState<Links>({});
  const [busy, setBusy] = useState<string>();
  const [failure, setFailure] = useState<string>();
  // a running job is asked for its status every 1.5 s; a finished one once (and again after cancel / retry)
  const { error, reload } = usePolling(async () => {
    const { job: status } = await batchCall<{ job: JobStatus }>({ action: 'status', jobId: summary.jobId });
    setJob(status);
    setLive(status.state === 'running');
    return status;
  }, live ? 1500 : 0);

  const act = async (name: string, run: () => Promise<void>) => {
    setBusy(name);
    setFailure(undefined);
    try {
      await run();
    } catch (err) {
      setFailure((err as Error).message);
    } finally {
      setBusy(undefined);
    }
  };
  const results = (wanted: Wanted) =>
    act(wanted, async () => {
      const reply = await batchCall<ResultsReply>({ action: 'results', jobId: summary.jobId, limit: 0, [wanted]: true });
      setJob(reply.job);
      setLinks((before) => ({ ...before, [wanted]: reply[wanted] }));
    });
  const change = (action: 'cancel' | 'retryFailed') =>
    act(action, async () => {
      if (action === 'cancel' && !confirm(t('Cancel this job? Codes already made stay.'))) return;
      const reply = await batchCall<{ job: JobStatus }>({ action, jobId: summary.jobId });
      setJob(reply.job);
      setLive(reply.job.state === 'running');
      reload();
    });

  const state = job?.state ?? summary.state;
  const finished = job ? job.made + job.cached + job.failed : 0;
  return (
    <article class="card batch-job" data-testid="batch-job" data-job-id={summary.jobId} data-state={state}>
      <div class="toolbar">
        <h3>
          <code>{summary.jobId}</code> <span class={`badge state-${state}`} data-testid="batch-state">{t(state)}</span>
        </h3>
        <span class="muted">
          {summary.api} · {t('key')} <code title={summary.jobKey}>{summary.jobKey.slice(0, 12)}…</code> · {formatDateTime(summary.createdAt)}
        </span>
      </div>
      <ErrorLine error={error} />
      {job && (
        <>
          <Meter testid="batch-progress" progress used={finished} limit={job.total}>
            <b>{finished.toLocaleString()}</b> / {job.total.toLocaleString()}
          </Meter>
          <dl class="batch-counts" data-testid="batch-counts">
            <Fact name="total" value={job.total} />
            <Fact name="made" value={job.made} />
            <Fact name="cached" value={job.cached} />
            <Fact name="failed" value={job.failed} />
            <Fact name="remaining" value={job.remaining} />
            <Fact name="rate" value={`${job.ratePerMinute.toLocaleString()} ${t('per minute')}`} />
            <Fact name="ETA" value={job.etaSeconds === null || job.state !== 'running' ? '—' : formatSeconds(job.etaSeconds)} />
          </dl>
          {job.stoppedReason && <p class="status error">{job.stoppedReason}</p>}
          {Object.keys(job.failedByErrCode).length > 0 && (
            <p class="muted" data-testid="batch-failed-by-errcode">
              {t('failed by errCode')}: {Object.entries(job.failedByErrCode).map(([code, n]) => `${code} × ${n}`).join(', ')}
            </p>
          )}
        </>
      )}
      <div class="actions">
        <button type="button" data-testid="batch-manifest" disabled={!!busy} onClick={() => void results('manifest')}>
          {busy === 'manifest' ? t('Making…') : t('Manifest')}
        </button>
        <button type="button" data-testid="batch-zip" disabled={!!busy} onClick={() => void results('zip')}>
          {busy === 'zip' ? t('Making…') : t('ZIP of the codes')}
        </button>
        <button type="button" data-testid="batch-sheet" disabled={!!busy} onClick={() => void results('sheet')}>
          {busy === 'sheet' ? t('Making…') : t('Print sheet (PDF)')}
        </button>
        <button type="button" data-testid="batch-retry" disabled={!!busy || !job || job.failed === 0} onClick={() => void change('retryFailed')}>
          {t('Retry failed')}
        </button>
        <button type="button" class="danger" data-testid="batch-cancel" disabled={!!busy || state !== 'running'} onClick={() => void change('cancel')}>
          {t('Cancel job')}
        </button>
      </div>
      <ErrorLine error={failure} />
      <ul class="links" data-testid="batch-links">
        {links.manifest && (
          <>
            <li>
              <a data-testid="batch-link-manifest-csv" href={sameOrigin(links.manifest.csvURL)} download={`${summary.jobId}.csv`}>
                {t('Manifest')} CSV
              </a>
            </li>
            <li>
              <a data-testid="batch-link-manifest-json" href={sameOrigin(links.manifest.jsonURL)} download={`${summary.jobId}.json`}>
                {t('Manifest')} JSON
              </a>
            </li>
          </>
        )}
        {links.zip && (
          <li>
            <a data-testid="batch-link-zip" href={sameOrigin(links.zip.url)} download={`${summary.jobId}.zip`}>
              {t('ZIP of the codes')}
            </a>
          </li>
        )}
        {links.sheet && (
          <li>
            <a data-testid="batch-link-sheet" href={sameOrigin(links.sheet.url)} target="_blank" rel="noopener">
              {t('Print sheet (PDF)')}
            </a>
          </li>
        )}
      </ul>
    </article>
  );
}

function Fact({ name, value }: { name: string; value: number | string }) {
  return (
    <div data-testid={`batch-${name.toLowerCase()}`}>
      <dt>{t(name)}</dt>
      <dd>{typeof value === 'number' ? value.toLocaleString() : value}</dd>
    </div>
  );
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}
