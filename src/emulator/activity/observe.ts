import type { FunctionRunner } from '../runner/function-runner';
import type { WechatService } from '../wechat/types';
import type { ActivityLog } from './activity-log';

/**
 * The runner as the server uses it, with every invocation recorded in the activity log. A wrapper rather than a
 * change inside the runner, so the runner's scheduling stays its own business.
 */
export function observeRunner(runner: FunctionRunner, log: ActivityLog, now: () => number = Date.now): FunctionRunner {
  return {
    ...runner,
    functionFile: (name) => runner.functionFile(name),
    instances: () => runner.instances(),
    close: () => runner.close(),
    async invoke(name, event, caller = {}) {
      const at = now();
      const outcome = await runner.invoke(name, event, caller);
      // refused before any function ran (too large, too deep to even serialize): not an invocation, nothing to show
      if (outcome.status === 'refused') return outcome;
      const common = {
        kind: 'function' as const,
        at,
        durationMs: now() - at,
        function: name,
        ...(caller.openid ? { openid: caller.openid } : {}),
        ...(caller.source ? { source: caller.source } : {}),
        event,
      };
      if (outcome.status === 'ok') {
        const result = outcome.result as { errCode?: unknown; errMsg?: unknown; cached?: unknown } | null;
        const fields = typeof result === 'object' && result !== null ? result : {};
        log.record({
          ...common,
          status: 'ok',
          requestId: outcome.requestId,
          result: outcome.result,
          ...(typeof fields.errCode === 'number' ? { errCode: fields.errCode } : {}),
          ...(typeof fields.errMsg === 'string' ? { errMsg: fields.errMsg } : {}),
          ...(typeof fields.cached === 'boolean' ? { cached: fields.cached } : {}),
        });
      } else if (outcome.status === 'failed') {
        // what the client sees for a function that threw: cloud.callFunction's -504002
        log.record({ ...common, status: 'failed', requestId: outcome.requestId, errCode: -504002, errMsg: outcome.errorMessage });
      } else {
        log.record({ ...common, status: 'not-found', errCode: -501000, errMsg: outcome.message });
      }
      return outcome;
    },
  };
}

/** The WeChat service with every call recorded in the activity log, timed and with its reply's errcode. */
export function observeWechat(service: WechatService, log: ActivityLog, now: () => number = Date.now): WechatService {
  return {
    faults: service.faults,
    calls: () => service.calls(),
    reset: (options) => service.reset(options),
    ...(service.usage ? { usage: () => service.usage!() } : {}),
    async call(apiName, params, via) {
      const at = now();
      const reply = await service.call(apiName, params, via);
      log.record({
        kind: 'wechat',
        at,
        durationMs: now() - at,
        function: String(apiName),
        via,
        params: params && typeof params === 'object' ? { ...params } : {},
        errCode: reply.ok ? 0 : reply.errcode,
        ...(reply.ok ? { contentType: reply.contentType } : { errMsg: reply.errmsg }),
        ...(reply.ok && 'json' in reply ? { answer: reply.json } : {}),
      });
      return reply;
    },
  };
}
