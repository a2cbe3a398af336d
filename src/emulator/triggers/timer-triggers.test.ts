import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadTimerTriggers, timerEvent } from './timer-triggers';

const REPO_FUNCTIONS = resolve(__dirname, '..', '..', '..', 'cloudfunctions');

describe('loadTimerTriggers', () => {
  it("finds the hourly timers in wxacodeBatch's and wxacodeHousekeeping's config.json, and no trigger elsewhere", () => {
    const { triggers, problems } = loadTimerTriggers(REPO_FUNCTIONS);
    expect(problems).toEqual([]);
    expect(triggers.map((t) => [t.functionName, t.name, t.schedule.expression])).toEqual([
      ['wxacodeBatch', 'hourly', '0 0 * * * * *'],
      ['wxacodeHousekeeping', 'hourly', '0 0 * * * * *'],
    ]);
  });

  it('reports each bad trigger by file and index, keeping the good ones', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxacode-triggers-'));
    try {
      const write = (name: string, text: string) => {
        mkdirSync(join(dir, name));
        writeFileSync(join(dir, name, 'config.json'), text);
      };
      write('a', JSON.stringify({ triggers: [{ name: 'ok', type: 'timer', config: '*/10 * * * * * *' }, { name: '9lives', type: 'timer', config: '0 0 * * * * *' }] }));
      write('b', JSON.stringify({ triggers: [{ name: 'six', type: 'timer', config: '0 0 * * * *' }, { name: 'http', type: 'http', config: '' }] }));
      write('c', '{ not json');
      write('d', JSON.stringify({ triggers: [{ name: 'twice', type: 'timer', config: '0 0 * * * * *' }, { name: 'twice', type: 'timer', config: '0 0 * * * * *' }] }));
      const { triggers, problems } = loadTimerTriggers(dir);
      expect(triggers.map((t) => `${t.functionName}/${t.name}`)).toEqual(['a/ok', 'd/twice']);
      expect(problems).toEqual([
        expect.stringMatching(/a[/\\]config\.json: triggers\[1\]: name must be up to 60 letters.*"9lives"/),
        expect.stringMatching(/b[/\\]config\.json: triggers\[0\]: cron "0 0 \* \* \* \*": has 6 fields, not 7/),
        expect.stringMatching(/b[/\\]config\.json: triggers\[1\]: type must be "timer"/),
        expect.stringMatching(/c[/\\]config\.json: not valid JSON/),
        expect.stringMatching(/d[/\\]config\.json: triggers\[1\]: a second trigger named "twice"/),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('the timer event has the shape CloudBase hands a timer-triggered function', () => {
  expect(timerEvent({ name: 'hourly' }, new Date('2026-11-24T04:00:00.000Z'))).toEqual({
    Type: 'Timer',
    TriggerName: 'hourly',
    Time: '2026-11-24T04:00:00Z',
    Message: '',
  });
});
