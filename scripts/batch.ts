/**
 * `npm run batch -- <file.csv|file.json> [--target <url>] [--token <token>] [--out <dir>] [--sheet]`: makes a code for
 * every item through wxacodeBatch's HTTP path (npm start's emulator by default), downloads them into --out named by
 * label, writes manifest.csv / manifest.json, and with --sheet a print sheet. Ctrl-C and run again to resume.
 * `status`, `cancel`, `retry` and `sheet` subcommands; see --help. Same as `wxacode-cloudbase batch`; the logic is
 * in src/batch-cli/.
 */
import { main } from '../src/cli/main';

main({ program: 'npm run batch --' }, ['batch', ...process.argv.slice(2)]);
