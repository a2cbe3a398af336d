import { sendJson, type RouteHandler } from '../http';
import type { Activity, ActivityLog } from './activity-log';

/** A comment line now and then keeps proxies and idle timers from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 *   GET /_emulator/activity   {activity: [...]}: the recent function invocations and WeChat calls, oldest first
 *   GET /_emulator/events     the same as server-sent events (`event: activity`, JSON data, `id` = activity id):
 *                             the recent ones first (after Last-Event-ID when the client reconnects), then live
 */
export function createActivityRoutes(log: ActivityLog): RouteHandler {
  return async (req, res, url) => {
    if (url.pathname === '/_emulator/activity' && req.method === 'GET') {
      sendJson(res, 200, { activity: log.list() });
      return true;
    }
    if (url.pathname !== '/_emulator/events' || req.method !== 'GET') return false;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    const send = (activity: Activity) => res.write(`id: ${activity.id}\nevent: activity\ndata: ${JSON.stringify(activity)}\n\n`);
    const after = Number(req.headers['last-event-id'] ?? url.searchParams.get('after') ?? 0) || 0;
    res.write('retry: 2000\n\n');
    for (const activity of log.list()) if (activity.id > after) send(activity);
    const unsubscribe = log.subscribe(send);
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    req.on('close', stop);
    res.on('error', stop);
    return true;
  };
}
