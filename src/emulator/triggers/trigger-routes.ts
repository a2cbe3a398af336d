import { sendJson, type RouteHandler } from '../http';
import type { TimerService } from './timer-service';

const PREFIX = '/_emulator/triggers';

/**
 *   GET  /_emulator/triggers                          the timer triggers, their cron and next time, recent runs
 *   POST /_emulator/triggers/<function>[/<trigger>]   runs that trigger now, as its time had come
 */
export function createTriggerRoutes(timers: TimerService): RouteHandler {
  return async (req, res, url) => {
    if (url.pathname !== PREFIX && !url.pathname.startsWith(`${PREFIX}/`)) return false;
    const parts = url.pathname.slice(PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
    if (parts.length === 0) {
      if (req.method !== 'GET') {
        sendJson(res, 405, { error: `use GET ${PREFIX} to list the triggers, POST ${PREFIX}/<function>[/<trigger>] to fire one` });
        return true;
      }
      sendJson(res, 200, { triggers: timers.triggers(), problems: timers.problems(), runs: timers.runs() });
      return true;
    }
    if (req.method !== 'POST' || parts.length > 2) {
      sendJson(res, req.method !== 'POST' ? 405 : 404, { error: `use POST ${PREFIX}/<function>[/<trigger>] to fire a timer trigger now` });
      return true;
    }
    const [functionName, triggerName] = parts;
    const run = await timers.fire(functionName, triggerName);
    if (!run) {
      const known = timers.triggers().map((t) => `${t.functionName}/${t.name}`);
      sendJson(res, 404, {
        errCode: -501000,
        errMsg: `no timer trigger ${triggerName ? `${functionName}/${triggerName}` : `for ${functionName}`} in its config.json; known: ${known.length ? known.join(', ') : 'none'}`,
      });
      return true;
    }
    const { outcome, event } = run;
    if (outcome.status === 'ok') sendJson(res, 200, { result: outcome.result, requestID: outcome.requestId, event });
    else if (outcome.status === 'failed') sendJson(res, 500, { errCode: -504002, errMsg: `functions execute fail. ${outcome.errorMessage}`, requestID: outcome.requestId, event });
    else sendJson(res, 404, { errCode: -501000, errMsg: outcome.message, event });
    return true;
  };
}
