import { Cron } from 'croner';

/**
 * CloudBase's timer schedule (定时触发器): seven fields, second minute hour day month weekday year, each with
 * `, - * /`, months as 1-12 or JAN-DEC, weekdays as 0-6 (0 is Sunday) or SUN-SAT, read in China time (UTC+8), as
 * CloudBase runs its timers. croner does the matching; it takes `a/step` only as `a-max/step`, so that form, which
 * the docs use ("1/10 in the minute field: every 10 minutes from minute 1"), is spelled out before it gets there.
 */
export const CLOUDBASE_TIMEZONE = 'Asia/Shanghai';

const FIELDS = [
  { name: 'second', max: 59 },
  { name: 'minute', max: 59 },
  { name: 'hour', max: 23 },
  { name: 'day', max: 31 },
  { name: 'month', max: 12 },
  { name: 'weekday', max: 6 },
  { name: 'year', max: 2099 },
] as const;

export interface CronSchedule {
  /** the expression as written in config.json */
  expression: string;
  /** the first time strictly after `after` the schedule fires, or null when it never fires again */
  nextAfter(after: Date): Date | null;
}

export class CronSyntaxError extends Error {
  constructor(expression: string, reason: string) {
    super(`cron ${JSON.stringify(expression)}: ${reason}. CloudBase timers take seven fields: second minute hour day month weekday year, e.g. "0 0 * * * * *" for every hour`);
    this.name = 'CronSyntaxError';
  }
}

export function parseCloudBaseCron(expression: string): CronSchedule {
  if (typeof expression !== 'string') throw new CronSyntaxError(String(expression), 'must be a string');
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== FIELDS.length) throw new CronSyntaxError(expression, `has ${parts.length} fields, not ${FIELDS.length}`);
  const spelled = parts.map((part, i) => part.replace(/(^|,)(\d+)\/(\d+)/g, (_m, sep: string, start: string, step: string) => `${sep}${start}-${FIELDS[i].max}/${step}`));
  let cron: Cron;
  try {
    cron = new Cron(spelled.join(' '), { timezone: CLOUDBASE_TIMEZONE, paused: true });
  } catch (error) {
    throw new CronSyntaxError(expression, (error as Error).message.replace(/^CronPattern: /, ''));
  }
  return {
    expression,
    nextAfter: (after) => cron.nextRun(after),
  };
}
