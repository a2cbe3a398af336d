import { AsyncLocalStorage } from 'node:async_hooks';
import { invocationEnd } from '../../core/reliability/invocation-deadline';
import type { RequestPacer } from '../../core/reliability/request-pacer';

/**
 * The invocation a CloudBase request belongs to, so a request retried after -501004 (cloudbase-requests.ts) never
 * waits past the time limit of the call that sent it. Kept per async context: the SDK and the adapters are made once
 * per instance, the deadline changes with every call.
 */
const invocations = new AsyncLocalStorage<{ end: number | undefined; pace?: RequestPacer }>();

/**
 * Runs a function's handler as one invocation started now, with SCF's `context` telling its time limit. `pace`: what
 * every CloudBase request of the invocation waits for first (wxacodeBatch keeps to its share of the QPS).
 */
export function inInvocation<T>(context: unknown, run: () => Promise<T>, pace?: RequestPacer): Promise<T> {
  return invocations.run({ end: invocationEnd(Date.now(), context), pace }, run);
}

/** what the current invocation's requests wait for first, if anything */
export function currentPace(): RequestPacer | undefined {
  return invocations.getStore()?.pace;
}

/** epoch ms the current invocation is killed at; undefined outside one, or when its time limit is unknown */
export function currentInvocationEnd(): number | undefined {
  return invocations.getStore()?.end;
}
