import { SingleBar } from 'cli-progress';
import type { JobStatus } from '../core/batch/contract';

export interface ProgressView {
  update(job: JobStatus, saved: number): void;
  stop(): void;
}

export function formatEta(seconds: number | null): string {
  if (seconds === null) return '–';
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

export function progressLine(job: JobStatus, saved: number): string {
  const done = job.made + job.cached + job.failed;
  return `${done}/${job.total} | made ${job.made} cached ${job.cached} failed ${job.failed} | ${job.ratePerMinute}/min | ETA ${formatEta(job.etaSeconds)} | saved ${saved}`;
}

/**
 * A progress bar on a terminal (made / cached / failed, rate, ETA, images saved); elsewhere (CI, a pipe) one line
 * every few seconds, so logs stay readable.
 */
export function createProgressView(stream: NodeJS.WriteStream, lineEveryMs = 2000): ProgressView {
  if (stream.isTTY) {
    const bar = new SingleBar({
      stream,
      format: '{bar} {percentage}% | {value}/{total} | made {made} cached {cached} failed {failed} | {rate}/min | ETA {etaText} | saved {saved}',
      barCompleteChar: '█',
      barIncompleteChar: '░',
      hideCursor: true,
    });
    let started = false;
    return {
      update(job, saved) {
        const payload = { made: job.made, cached: job.cached, failed: job.failed, rate: job.ratePerMinute, etaText: formatEta(job.etaSeconds), saved };
        const value = job.made + job.cached + job.failed;
        if (!started) {
          bar.start(job.total, value, payload);
          started = true;
        } else {
          bar.setTotal(job.total);
          bar.update(value, payload);
        }
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let last = 0;
  let lastLine = '';
  return {
    update(job, saved) {
      const line = progressLine(job, saved);
      const now = Date.now();
      if (line !== lastLine && now - last >= lineEveryMs) {
        stream.write(`progress: ${line}\n`);
        last = now;
        lastLine = line;
      }
    },
    stop() {},
  };
}
