import { CronSyntaxError, parseCloudBaseCron } from './cron';

/** Beijing time (UTC+8) as UTC, so the expectations read as a Chinese team would write them. */
const beijing = (iso: string) => new Date(`${iso}+08:00`);

describe('parseCloudBaseCron (定时触发器: second minute hour day month weekday year)', () => {
  it.each([
    ['0 0 * * * * *', '2026-11-24T03:59:30', ['2026-11-24T04:00:00', '2026-11-24T05:00:00']],
    ['0 0 2 1 * * *', '2026-11-24T00:00:00', ['2026-12-01T02:00:00', '2027-01-01T02:00:00']],
    // the docs' "1/10 in the minute field: every 10 minutes from minute 1"
    ['0 1/10 * * * * *', '2026-11-24T04:00:00', ['2026-11-24T04:01:00', '2026-11-24T04:11:00']],
    ['*/5 * * * * * *', '2026-11-24T04:00:01', ['2026-11-24T04:00:05', '2026-11-24T04:00:10']],
    ['0 30 9 * * MON-FRI *', '2026-11-27T10:00:00', ['2026-11-30T09:30:00', '2026-12-01T09:30:00']], // Fri → Mon
    ['0 0 12 * * 0 *', '2026-11-24T00:00:00', ['2026-11-29T12:00:00', '2026-12-06T12:00:00']], // 0 is Sunday
    ['0 0 0 1 JAN * 2028', '2026-11-24T00:00:00', ['2028-01-01T00:00:00']],
  ])('%s after %s (Beijing) → %j', (expression, after, expected) => {
    const schedule = parseCloudBaseCron(expression);
    const runs: Date[] = [];
    let at = beijing(after);
    for (let i = 0; i < expected.length; i++) {
      const next = schedule.nextAfter(at);
      if (!next) break;
      runs.push(next);
      at = next;
    }
    expect(runs.map((d) => d.getTime())).toEqual(expected.map((iso) => beijing(iso).getTime()));
  });

  it('never fires again once its year is over', () => {
    expect(parseCloudBaseCron('0 0 0 1 JAN * 2028').nextAfter(beijing('2028-01-01T00:00:00'))).toBeNull();
  });

  it.each([
    ['0 0 * * * *', /has 6 fields, not 7/],
    ['0 0 * * * * * *', /has 8 fields, not 7/],
    ['0 61 * * * * *', /^cron "0 61 \* \* \* \* \*": .*seven fields: second minute hour day month weekday year/],
    ['every hour', /has 2 fields/],
  ])('refuses %j, saying what CloudBase takes', (expression, message) => {
    expect(() => parseCloudBaseCron(expression)).toThrow(CronSyntaxError);
    expect(() => parseCloudBaseCron(expression)).toThrow(message);
  });
});
