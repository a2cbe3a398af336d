import { parseCloudBaseCron } from './cron';
import { startTriggerScheduler } from './scheduler';
import { fakeClock } from '../testing/fake-clock';
import type { TimerTrigger } from './timer-triggers';

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
