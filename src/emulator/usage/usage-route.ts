import { BodyTooLargeError, readBody, sendJson, type RouteHandler } from '../http';
import type { Limiter } from './limits';
import type { Meter } from './meter';
import { PLANS } from './plans';
import type { UsageReply } from './usage-reply';
import type { LinkUsage } from '../wechat/types';

export interface UsageRouteOptions {
  meter: Meter;
  limiter: Limiter;
  /** WeChat's link caps used today (URL Link + URL Scheme, Short Link, permanent, opens), shown beside CloudBase's */
  links?: () => LinkUsage;
}

/**
 *   GET /_emulator/usage          {since, calls, byAction, byUnit, byFunction, refused, limits, plans, links}
 *   PUT /_emulator/usage/limits   {qps?, monthlyCalls?}: replaces the emulated limits (null or absent: off)
 * POST /_emulator/reset clears the counts with the rest of the state.
 */
export function createUsageRoute({ meter, limiter, links }: UsageRouteOptions): RouteHandler {
  return async (req, res, url) => {
    if (url.pathname === '/_emulator/usage') {
      if (req.method !== 'GET') {
        sendJson(res, 405, { error: `use GET ${url.pathname}, not ${req.method}` });
        return true;
      }
      const reply: UsageReply = { ...meter.snapshot(), limits: limiter.get(), plans: PLANS, ...(links ? { links: links() } : {}) };
      sendJson(res, 200, reply);
      return true;
    }
    if (url.pathname === '/_emulator/usage/limits') {
      if (req.method === 'GET') {
        sendJson(res, 200, limiter.get());
        return true;
      }
      if (req.method !== 'PUT') {
        sendJson(res, 405, { error: `use GET or PUT ${url.pathname}, not ${req.method}` });
        return true;
      }
      let body: unknown;
      try {
        body = JSON.parse((await readBody(req, 4096)).toString('utf8'));
      } catch (err) {
        sendJson(res, 400, { error: err instanceof BodyTooLargeError ? err.message : 'body must be JSON: {"qps"?: n, "monthlyCalls"?: n}' });
        return true;
      }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        sendJson(res, 400, { error: 'body must be an object {"qps"?: n, "monthlyCalls"?: n}' });
        return true;
      }
      const unknown = Object.keys(body).filter((k) => k !== 'qps' && k !== 'monthlyCalls');
      if (unknown.length > 0) {
        sendJson(res, 400, { error: `unknown field ${unknown.map((k) => `"${k}"`).join(', ')}; the limits are "qps" and "monthlyCalls"` });
        return true;
      }
      try {
        sendJson(res, 200, limiter.set(body as { qps?: number; monthlyCalls?: number }));
      } catch (err) {
        sendJson(res, 400, { error: (err as Error).message });
      }
      return true;
    }
    return false;
  };
}
