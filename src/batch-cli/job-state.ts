import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a run remembers in --out, so the next run (or status / cancel) finds the same job. */
export interface JobState {
  jobKey: string;
  jobId: string;
  target: string;
  input: string;
}

export const STATE_FILE = '.wxacode-batch.json';

export function readJobState(out: string): JobState | null {
  try {
    const state = JSON.parse(readFileSync(join(out, STATE_FILE), 'utf8')) as Partial<JobState>;
    return typeof state.jobKey === 'string' && typeof state.jobId === 'string' ? (state as JobState) : null;
  } catch {
    return null;
  }
}

export function writeJobState(out: string, state: JobState): void {
  mkdirSync(out, { recursive: true });
  const file = join(out, STATE_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
