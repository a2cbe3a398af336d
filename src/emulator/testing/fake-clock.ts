import type { SchedulerClock } from '../triggers/scheduler';

/** A clock the test moves by hand: advance() runs every timer that has come due, in order. */
export function fakeClock(startMs: number): SchedulerClock & { advance(ms: number): void; jump(ms: number): void; pending(): number } {
  let now = startMs;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimer(callback, delayMs) {
      const id = nextId++;
      timers.set(id, { at: now + delayMs, callback });
      return id;
    },
    clearTimer: (handle) => void timers.delete(handle as number),
    pending: () => timers.size,
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].callback();
      }
      now = end;
    },
    /** time passes with the process asleep: the clock moves first, the due timers run late */
    jump(ms) {
      now += ms;
      for (const [id, timer] of [...timers.entries()].filter(([, t]) => t.at <= now)) {
        timers.delete(id);
        timer.callback();
      }
    },
  };
}
