import type { TimerTrigger } from './timer-triggers';

/** What the scheduler needs of time; tests pass a fake one they advance themselves. */
export interface SchedulerClock {
  now(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

/** setTimeout holds at most 2^31-1 ms (about 24.8 days); a longer wait is taken in steps. */
const MAX_TIMER_MS = 2_147_483_647;

export const realClock: SchedulerClock = {
  now: () => Date.now(),
  setTimer: (callback, delayMs) => {
    const timer = setTimeout(callback, Math.min(delayMs, MAX_TIMER_MS));
    // a scheduled trigger must not keep a finished test process (or a stopping emulator) alive
    timer.unref();
    return timer;
  },
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface TriggerScheduler {
  /** each trigger and when it fires next (null: never again) */
  upcoming(): { trigger: TimerTrigger; next: Date | null }[];
  stop(): void;
}

/**
 * Fires each trigger at the times its schedule names, one timer for the soonest. A run that is still going when
 * the next time comes does not hold the next one back: SCF starts each timer invocation on its own.
 */
export function startTriggerScheduler(
  triggers: readonly TimerTrigger[],
  fire: (trigger: TimerTrigger, at: Date) => Promise<unknown>,
  clock: SchedulerClock = realClock,
): TriggerScheduler {
  const next = new Map<TimerTrigger, Date | null>();
  for (const trigger of triggers) next.set(trigger, trigger.schedule.nextAfter(new Date(clock.now())));
  let handle: unknown;
  let stopped = false;

  const arm = () => {
    if (stopped) return;
    const times = [...next.values()].filter((d): d is Date => d !== null).map((d) => d.getTime());
    if (times.length === 0) return;
    handle = clock.setTimer(tick, Math.max(0, Math.min(...times) - clock.now()));
  };

  function tick() {
    handle = undefined;
    if (stopped) return;
    const now = clock.now();
    for (const [trigger, at] of next) {
      if (at === null || at.getTime() > now) continue;
      // after now, not after `at`: runs missed while the process was suspended are not replayed, as SCF does not
      next.set(trigger, trigger.schedule.nextAfter(new Date(Math.max(at.getTime(), now))));
      void fire(trigger, at).catch(() => undefined);
    }
    arm();
  }

  arm();
  return {
    upcoming: () => triggers.map((trigger) => ({ trigger, next: next.get(trigger) ?? null })),
    stop() {
      stopped = true;
      if (handle !== undefined) clock.clearTimer(handle);
    },
  };
}
