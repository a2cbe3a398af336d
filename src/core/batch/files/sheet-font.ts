import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The print sheet's label font: Noto Sans SC Regular (SIL Open Font License 1.1, from the npm package
 * @expo-google-fonts/noto-sans-sc), which has the glyphs of Chinese, Latin and digits. It is 10.6 MB, so it is
 * never bundled into JavaScript: scripts/build.ts copies it beside cloudfunctions/wxacodeBatch/index.js, and the
 * function reads it from there; from the sources (the CLI, tests) it is read from node_modules. The PDF embeds
 * only the glyphs its labels use.
 */
export const SHEET_FONT_FILE = 'NotoSansSC-Regular.ttf';
export const SHEET_FONT_LICENSE_FILE = 'NotoSansSC-OFL.txt';
export const SHEET_FONT_PACKAGE_PATH = '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf';

let cached: Uint8Array | undefined;

export function sheetFontPath(): string {
  const override = process.env.WXACODE_SHEET_FONT;
  if (override) return override;
  // in a deployed bundle __dirname is the function's folder, where the build put the font
  const besideBundle = path.join(__dirname, SHEET_FONT_FILE);
  if (existsSync(besideBundle)) return besideBundle;
  try {
    return require.resolve(SHEET_FONT_PACKAGE_PATH);
  } catch {
    throw new Error(
      `the print sheet's font ${SHEET_FONT_FILE} is missing: expected it beside the function at ${besideBundle} (run npm run build, which copies it there, and deploy the whole folder) or in node_modules (${SHEET_FONT_PACKAGE_PATH}: run npm install)`,
    );
  }
}

export function loadSheetFont(): Uint8Array {
  cached ??= readFileSync(sheetFontPath());
  return cached;
}
