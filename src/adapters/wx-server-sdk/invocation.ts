import { AsyncLocalStorage } from 'node:async_hooks';
import { invocationEnd } from '../../core/reliability/invocation-deadline';

/**
 * The invocation a CloudBase request belongs to, so a request retried after -501004 (cloudbase-requests.ts) never
 * waits past the time limit of the call that sent it. Kept per async context: the SDK and the adapters are made once
 * per instance, the deadline changes with every call.
 */
const invocations = new AsyncLocalStorage<{ end: number | undefined }>();

/** Runs a function's handler as one invocation started now, with SCF's `context` telling its time limit. */
export function inInvocation<T>(context: unknown, run: () => Promise<T>): Promise<T> {
  return invocations.run({ end: invocationEnd(Date.now(), context) }, run);
}

/** epoch ms the current invocation is killed at; undefined outside one, or when its time limit is unknown */
export function currentInvocationEnd(): number | undefined {
  return invocations.getStore()?.end;
}
