import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { emulatorAsset } from '../assets';
import { sendBytes, type RouteHandler } from '../http';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

/** the one file of the UI that the build writes (scripts/build-ui.ts); the others are committed */
export const UI_BUNDLE = 'app.js';

/**
 * The emulator's web UI, from the emulator's own origin (no second server, nothing from a CDN):
 *   GET /                     the page
 *   GET /_emulator/ui/<file>  its script (built by scripts/build-ui.ts) and stylesheet
 * Files are read per request, so a rebuild shows on the next reload.
 */
export function createUiRoute(staticDir: string = emulatorAsset('ui/static')): RouteHandler {
  return async (req, res, url) => {
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    if (!isPage && !url.pathname.startsWith('/_emulator/ui/')) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const name = isPage ? 'index.html' : url.pathname.slice('/_emulator/ui/'.length);
    const extension = name.slice(name.lastIndexOf('.'));
    if (!/^[a-z0-9-]+\.[a-z]+$/.test(name) || !(extension in TYPES)) return false;
    const file = join(staticDir, name);
    if (!existsSync(file)) {
      const why = name === UI_BUNDLE ? 'the UI is not built: run `npm run build` (npm start builds it)' : `no UI file ${name}`;
      sendBytes(res, 404, Buffer.from(name === UI_BUNDLE ? `document.body.textContent = ${JSON.stringify(why)};` : why), TYPES[extension]);
      return true;
    }
    res.setHeader('cache-control', 'no-cache');
    sendBytes(res, 200, readFileSync(file), TYPES[extension]);
    return true;
  };
}
