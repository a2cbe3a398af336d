import { parseCloudBaseCron } from './cron';
import { startTriggerScheduler, type SchedulerClock } from './scheduler';
import type { TimerTrigger } from './timer-triggers';

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

const hourly: TimerTrigger = { functionName: 'wxacodeHousekeeping', name: 'hourly', schedule: parseCloudBaseCron('0 0 * * * * *') };
const everyTenSeconds: TimerTrigger = { functionName: 'other', name: 'often', schedule: parseCloudBaseCron('*/10 * * * * * *') };

describe('startTriggerScheduler', () => {
  it('fires each trigger at its times and not before', () => {
    const clock = fakeClock(Date.parse('2026-11-24T03:59:55Z'));
    const fired: string[] = [];
    const scheduler = startTriggerScheduler([hourly, everyTenSeconds], async (trigger, at) => void fired.push(`${trigger.name}@${at.toISOString()}`), clock);
    clock.advance(4_000);
    expect(fired).toEqual([]);
    clock.advance(1_000);
    expect(fired).toEqual(['hourly@2026-11-24T04:00:00.000Z', 'often@2026-11-24T04:00:00.000Z']);
    clock.advance(3_600_000);
    expect(fired.filter((f) => f.startsWith('hourly'))).toEqual(['hourly@2026-11-24T04:00:00.000Z', 'hourly@2026-11-24T05:00:00.000Z']);
    expect(fired.filter((f) => f.startsWith('often'))).toHaveLength(361);
    scheduler.stop();
  });

  it('does not replay runs missed while the process was suspended', () => {
    const clock = fakeClock(Date.parse('2026-11-24T03:59:59Z'));
    const fired: string[] = [];
    startTriggerScheduler([hourly], async (_t, at) => void fired.push(at.toISOString()), clock);
    // the one due timer is run late, five hours on: one run, then the next hour after now
    clock.jump(5 * 3_600_000);
    expect(fired).toEqual(['2026-11-24T04:00:00.000Z']);
    clock.advance(3_600_000);
    expect(fired).toEqual(['2026-11-24T04:00:00.000Z', '2026-11-24T09:00:00.000Z']);
  });

  it('keeps going when a run fails, and stops firing after stop()', async () => {
    const clock = fakeClock(Date.parse('2026-11-24T03:59:59Z'));
    let calls = 0;
    const scheduler = startTriggerScheduler([hourly], async () => {
      calls++;
      throw new Error('the function failed');
    }, clock);
    clock.advance(1_000);
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(3_600_000);
    expect(calls).toBe(2);
    expect(scheduler.upcoming()[0].next?.toISOString()).toBe('2026-11-24T06:00:00.000Z');
    scheduler.stop();
    expect(clock.pending()).toBe(0);
    clock.advance(3_600_000);
    expect(calls).toBe(2);
  });
});
