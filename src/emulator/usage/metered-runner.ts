import type { TcbError } from '../gateway/tcb-error';
import type { FunctionRunner } from '../runner/function-runner';
import type { Meter } from './meter';
import { DEFAULT_MEMORY_MB } from './units';

/** The runner with its invoke() replaced, everything else passed through. */
function withInvoke(runner: FunctionRunner, invoke: FunctionRunner['invoke']): FunctionRunner {
  return {
    ...runner,
    functionFile: (name) => runner.functionFile(name),
    instances: () => runner.instances(),
    close: () => runner.close(),
    invoke,
  };
}

/**
 * The runner with each invocation's GB·s counted: the function's memory (its configured memorySize, else CloudBase's
 * default) × how long the invocation took. The time includes any wait for a free instance, so it errs high.
 */
export function meterRunner(runner: FunctionRunner, meter: Meter, memoryMbOf: (name: string) => number | undefined, now: () => number = Date.now): FunctionRunner {
  return withInvoke(runner, async (name, event, caller) => {
    const started = now();
    const outcome = await runner.invoke(name, event, caller);
    // not-found and refused never ran a function: nothing billed
    if (outcome.status === 'ok' || outcome.status === 'failed') meter.invocation(name, now() - started, memoryMbOf(name) ?? DEFAULT_MEMORY_MB);
    return outcome;
  });
}

/** The runner for callers without a reply of their own (timer triggers): a refusal by the limits is a failed run. */
export function limitedRunner(runner: FunctionRunner, beforeInvoke: () => void): FunctionRunner {
  return withInvoke(runner, async (name, event, caller) => {
    try {
      beforeInvoke();
    } catch (err) {
      return { status: 'failed', requestId: '', errorMessage: `${(err as TcbError).code}: ${(err as Error).message}`, timedOut: false };
    }
    return runner.invoke(name, event, caller);
  });
}
