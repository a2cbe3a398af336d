import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCloudBaseCron, type CronSchedule } from './cron';

/** One timer trigger of a function, from the `triggers` of its config.json (定时触发器). */
export interface TimerTrigger {
  functionName: string;
  /** the trigger's name, as the event's TriggerName */
  name: string;
  schedule: CronSchedule;
}

/** 定时触发器: the name has up to 60 characters of a-z A-Z 0-9 - _ and starts with a letter. */
const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/;

export interface LoadedTriggers {
  triggers: TimerTrigger[];
  /** config.json files or triggers that could not be read, each saying which and why; they are not scheduled */
  problems: string[];
}

/** The timer triggers of every function folder in functionsDir that has a config.json. */
export function loadTimerTriggers(functionsDir: string): LoadedTriggers {
  const triggers: TimerTrigger[] = [];
  const problems: string[] = [];
  if (!existsSync(functionsDir)) return { triggers, problems };
  for (const functionName of readdirSync(functionsDir).sort()) {
    const file = join(functionsDir, functionName, 'config.json');
    if (!existsSync(file)) continue;
    let config: { triggers?: unknown };
    try {
      config = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      problems.push(`${file}: not valid JSON (${(error as Error).message})`);
      continue;
    }
    if (config.triggers === undefined) continue;
    if (!Array.isArray(config.triggers)) {
      problems.push(`${file}: triggers must be an array of {name, type: "timer", config: "<cron>"}`);
      continue;
    }
    const seen = new Set<string>();
    config.triggers.forEach((raw: unknown, index: number) => {
      const where = `${file}: triggers[${index}]`;
      const trigger = (raw ?? {}) as { name?: unknown; type?: unknown; config?: unknown };
      if (trigger.type !== 'timer') {
        problems.push(`${where}: type must be "timer" (the only trigger type CloudBase has), got ${JSON.stringify(trigger.type)}`);
        return;
      }
      if (typeof trigger.name !== 'string' || !TRIGGER_NAME.test(trigger.name)) {
        problems.push(`${where}: name must be up to 60 letters, digits, - and _, starting with a letter; got ${JSON.stringify(trigger.name)}`);
        return;
      }
      if (seen.has(trigger.name)) {
        problems.push(`${where}: a second trigger named ${JSON.stringify(trigger.name)}; names must be unique within a function`);
        return;
      }
      seen.add(trigger.name);
      try {
        triggers.push({ functionName, name: trigger.name, schedule: parseCloudBaseCron(trigger.config as string) });
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
    });
  }
  return { triggers, problems };
}

/**
 * The event a timer trigger hands the function, as SCF/CloudBase builds it:
 * {"Type": "Timer", "TriggerName": "EveryDay", "Time": "2019-02-21T11:49:00Z", "Message": "…"}.
 * config.json has no message field, so Message is empty.
 */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  Time: string;
  Message: string;
}

export function timerEvent(trigger: Pick<TimerTrigger, 'name'>, at: Date): TimerEvent {
  return { Type: 'Timer', TriggerName: trigger.name, Time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'), Message: '' };
}
