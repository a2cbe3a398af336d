import type { FunctionRunner, InvocationResult } from '../runner/function-runner';
import { realClock, startTriggerScheduler, type SchedulerClock, type TriggerScheduler } from './scheduler';
import { loadTimerTriggers, timerEvent, type TimerEvent, type TimerTrigger } from './timer-triggers';

export interface TimerRun {
  functionName: string;
  triggerName: string;
  /** 'schedule' when its time came, 'manual' when fired through POST /_emulator/triggers/… */
  by: 'schedule' | 'manual';
  event: TimerEvent;
  outcome: InvocationResult;
}

export interface TimerServiceOptions {
  functionsDir: string;
  runner: FunctionRunner;
  appid: string;
  /** run the triggers on their schedule (npm start); without it they run only when fired by hand */
  schedule?: boolean;
  clock?: SchedulerClock;
  /** where a run and the problems of config.json files are reported; default: the emulator's stdout */
  log?: (line: string) => void;
}

export interface TimerService {
  triggers(): { functionName: string; name: string; cron: string; next: string | null }[];
  /** config.json problems found when the triggers were loaded */
  problems(): string[];
  /** runs a function's trigger now; `undefined` when the function has no such trigger */
  fire(functionName: string, triggerName?: string): Promise<TimerRun | undefined>;
  /** every run since start, oldest first (the last 100) */
  runs(): TimerRun[];
  stop(): void;
}

const KEPT_RUNS = 100;

/**
 * CloudBase's timer triggers for the emulated functions: read from each function's config.json, invoked the way the
 * platform invokes them — a timer event, and a caller with no user (no OPENID), so the function sees a trusted,
 * server-side call.
 */
export function createTimerService(options: TimerServiceOptions): TimerService {
  const clock = options.clock ?? realClock;
  const log = options.log ?? ((line: string) => console.log(line));
  const { triggers, problems } = loadTimerTriggers(options.functionsDir);
  for (const problem of problems) log(`[triggers] not scheduled: ${problem}`);
  const runs: TimerRun[] = [];

  async function run(trigger: TimerTrigger, at: Date, by: TimerRun['by']): Promise<TimerRun> {
    const event = timerEvent(trigger, at);
    // a timer has no user: no openid (getWXContext() carries no OPENID), the app's appid only
    const outcome = await options.runner.invoke(trigger.functionName, event, { appid: options.appid });
    const record: TimerRun = { functionName: trigger.functionName, triggerName: trigger.name, by, event, outcome };
    runs.push(record);
    if (runs.length > KEPT_RUNS) runs.shift();
    const summary = outcome.status === 'ok' ? JSON.stringify(outcome.result) : outcome.status === 'failed' ? `failed: ${outcome.errorMessage}` : outcome.message;
    log(`[triggers] ${trigger.functionName}/${trigger.name} (${by}, ${event.Time}): ${summary.length > 200 ? `${summary.slice(0, 200)}…` : summary}`);
    return record;
  }

  const scheduler: TriggerScheduler | undefined = options.schedule
    ? startTriggerScheduler(triggers, (trigger, at) => run(trigger, at, 'schedule'), clock)
    : undefined;

  return {
    triggers: () =>
      triggers.map((trigger) => {
        const next = scheduler ? scheduler.upcoming().find((u) => u.trigger === trigger)?.next ?? null : trigger.schedule.nextAfter(new Date(clock.now()));
        return { functionName: trigger.functionName, name: trigger.name, cron: trigger.schedule.expression, next: next ? next.toISOString() : null };
      }),
    problems: () => problems.slice(),
    async fire(functionName, triggerName) {
      const trigger = triggers.find((t) => t.functionName === functionName && (triggerName === undefined || t.name === triggerName));
      return trigger ? run(trigger, new Date(clock.now()), 'manual') : undefined;
    },
    runs: () => runs.slice(),
    stop: () => scheduler?.stop(),
  };
}
