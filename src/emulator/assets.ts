import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Files the emulator reads at run time (the .proto, the function bootstrap, the loopback guard)
 * live beside its sources. When the emulator runs from an esbuild bundle in `dist/`, __dirname is
 * that folder, so fall back to `<repo>/src/emulator`.
 */
export function emulatorAsset(relativePath: string): string {
  const beside = join(__dirname, relativePath);
  if (existsSync(beside)) return beside;
  const fromBundle = resolve(__dirname, '..', 'src', 'emulator', relativePath);
  if (existsSync(fromBundle)) return fromBundle;
  throw new Error(`emulator asset ${relativePath} not found beside ${__dirname} nor in ${fromBundle}`);
}
