/**
 * Bundles the emulator's web UI (src/emulator/ui/app/, Preact + TSX) into src/emulator/ui/static/app.js, which
 * the emulator serves at its base URL. Browser code, everything inside the bundle: the UI works offline.
 */
import { build } from 'esbuild';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
export const UI_ENTRY = path.join(ROOT, 'src/emulator/ui/app/main.tsx');
export const UI_OUTFILE = path.join(ROOT, 'src/emulator/ui/static/app.js');

export async function buildUi(outfile = UI_OUTFILE): Promise<void> {
  await build({
    entryPoints: [UI_ENTRY],
    outfile,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    banner: { js: '// built by scripts/build-ui.ts from src/emulator/ui/app/; do not edit.' },
  });
}

if (require.main === module) {
  const started = Date.now();
  buildUi()
    .then(() => console.log(`built the emulator UI into ${path.relative(ROOT, UI_OUTFILE)} in ${Date.now() - started} ms`))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
