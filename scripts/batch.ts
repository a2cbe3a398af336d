/**
 * `npm run batch -- <file.csv|file.json> [--target <url>] [--token <token>] [--out <dir>] [--sheet]`: makes a code for
 * every item through wxacodeBatch's HTTP path (npm start's emulator by default), downloads them into --out named by
 * label, writes manifest.csv / manifest.json, and with --sheet a print sheet. Ctrl-C and run again to resume.
 * `status`, `cancel`, `retry` and `sheet` subcommands; see --help. The logic is in src/batch-cli/.
 */
import { runCli, EXIT_INTERRUPTED } from '../src/batch-cli/cli';

let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted) process.exit(EXIT_INTERRUPTED);
  interrupted = true;
  process.stderr.write('\nstopping after the downloads in flight (Ctrl-C again to quit at once)…\n');
});

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env, interrupted: () => interrupted })
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
