/**
 * Compiles the `wxacode-cloudbase` command (src/cli/main.ts) into dist/cli.js: plain JavaScript for Node 20.9+ (what
 * sharp, the one native dependency, needs), so a team runs it with no tsx and no build. Pure-JavaScript libraries are
 * bundled in; packages with native binaries stay `dependencies` and are required at run time. The files the emulator
 * reads beside its code (emulatorAsset: the web UI, the .proto, the function bootstrap) are copied into dist/ too,
 * where the bundle's __dirname finds them. Run after build-ui.ts (the UI's app.js must exist).
 */
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
export const CLI_OUTDIR = path.join(ROOT, 'dist');
export const CLI_OUTFILE = path.join(CLI_OUTDIR, 'cli.js');

/** native addons: resolved from node_modules where npm installed the right binary for the machine */
export const CLI_EXTERNAL = ['sharp'];

/** emulatorAsset() paths, relative to src/emulator/ and to dist/ alike */
export const EMULATOR_ASSETS = ['ui/static', 'openapi/openapi.proto', 'runner/bootstrap.js', 'runner/loopback-guard.js'];

export async function buildCli(): Promise<void> {
  rmSync(CLI_OUTDIR, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(ROOT, 'src/cli/main.ts')],
    outfile: CLI_OUTFILE,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: CLI_EXTERNAL,
    // jsonc-parser's "main" is a UMD build whose require('./impl/format') esbuild cannot follow; its ES module build can be bundled
    alias: { 'jsonc-parser': 'jsonc-parser/lib/esm/main.js' },
    // whitespace and syntax only: names stay readable in the stack of a bug report
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'linked',
    logLevel: 'warning',
    banner: { js: '// wxacode-cloudbase CLI: built by scripts/build-cli.ts from src/cli/main.ts; do not edit.' },
  });
  for (const asset of EMULATOR_ASSETS) {
    const from = path.join(ROOT, 'src/emulator', asset);
    if (!existsSync(from)) throw new Error(`${path.relative(ROOT, from)} is missing: run npm run build (the UI bundle is built by scripts/build-ui.ts)`);
    const to = path.join(CLI_OUTDIR, asset);
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(from, to, { recursive: true });
  }
}

if (require.main === module) {
  const started = Date.now();
  buildCli()
    .then(() => console.log(`built the wxacode-cloudbase CLI into ${path.relative(ROOT, CLI_OUTFILE)} in ${Date.now() - started} ms`))
    .catch((error) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
