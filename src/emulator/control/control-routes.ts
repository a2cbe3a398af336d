import { BodyTooLargeError, readBody, sendJson, type RouteHandler } from '../http';
import type { ActivityLog } from '../activity/activity-log';
import type { Meter } from '../usage/meter';
import type { FunctionRunner } from '../runner/function-runner';
import type { EmulatorState } from '../state/emulator-state';
import type { FaultSettings, WechatService } from '../wechat/types';

export interface ControlRouteOptions {
  wechat: WechatService;
  state: EmulatorState;
  runner: FunctionRunner;
  /** the faults the emulator started with; reset returns to them */
  initialFaults: FaultSettings;
  /** the live log; reset empties it too */
  activity?: ActivityLog;
  /** the request meter; reset clears it too */
  usage?: Meter;
}

/**
 * `/_emulator/*`: for tests and people, never reached by the SDK.
 *   GET  /_emulator/faults          current FaultSettings
 *   PUT  /_emulator/faults          partial FaultSettings; 400 naming the bad field
 *   GET  /_emulator/wechat/calls    every WeChat call since start/reset
 *   GET  /_emulator/functions       warm instances
 *   POST /_emulator/reset           empties storage + database, call log, quota, faults, the usage meter
 */
export function createControlRoutes({ wechat, state, runner, initialFaults, activity, usage }: ControlRouteOptions): RouteHandler {
  return async (req, res, url) => {
    if (!url.pathname.startsWith('/_emulator/')) return false;
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /_emulator/faults':
        sendJson(res, 200, wechat.faults.get());
        return true;
      case 'PUT /_emulator/faults': {
        const body = await readJson(req);
        if ('error' in body) {
          sendJson(res, 400, { error: body.error });
          return true;
        }
        try {
          sendJson(res, 200, wechat.faults.set(body.value as Partial<FaultSettings>));
        } catch (err) {
          sendJson(res, 400, { error: (err as Error).message });
        }
        return true;
      }
      case 'GET /_emulator/wechat/calls':
        sendJson(res, 200, { calls: wechat.calls() });
        return true;
      case 'GET /_emulator/functions':
        sendJson(res, 200, { instances: runner.instances() });
        return true;
      case 'POST /_emulator/reset':
        await state.reset();
        wechat.reset({ resetQuota: true });
        wechat.faults.set(initialFaults);
        activity?.clear();
        usage?.reset();
        sendJson(res, 200, { reset: true });
        return true;
      default: {
        const known = ['GET /_emulator/faults', 'PUT /_emulator/faults', 'GET /_emulator/wechat/calls', 'GET /_emulator/functions', 'POST /_emulator/reset'];
        sendJson(res, 404, { error: `no control endpoint ${route}; available: ${known.join(', ')}` });
        return true;
      }
    }
  };
}

async function readJson(req: Parameters<RouteHandler>[0]): Promise<{ value: unknown } | { error: string }> {
  try {
    return { value: JSON.parse((await readBody(req, 64 * 1024)).toString('utf8')) };
  } catch (err) {
    return { error: err instanceof BodyTooLargeError ? err.message : 'body must be JSON' };
  }
}
