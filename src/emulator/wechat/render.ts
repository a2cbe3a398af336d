import { create as createQr, type QRCode } from 'qrcode';
import sharp from 'sharp';
import type { Rgb } from './rules';

export interface RenderOptions {
  /** side of the square image in pixels */
  width: number;
  /** colour of the dark modules */
  color: Rgb;
  /** PNG with a transparent background (WeChat's is_hyaline); otherwise a JPEG on white */
  transparent: boolean;
}

export interface RenderedCode {
  contentType: 'image/jpeg' | 'image/png';
  buffer: Buffer;
}

/** Light modules around the symbol; the spec asks 4, which keeps JPEG-blurred codes readable. */
export const QUIET_ZONE_MODULES = 4;
/** High enough that JPEG ringing never flips a module for a decoder. */
export const JPEG_QUALITY = 92;

/**
 * Draws `text` as a standard QR code. WeChat draws its round 小程序码 here; the emulator draws a
 * plain QR so tests can decode exactly what WeChat was asked for.
 * Rejects with an Error for a bad option or a text too long for any QR code.
 *
 * Encoding is libvips' (sharp), off the event loop on libuv's thread pool: a pure-JS JPEG encoder took ~25 ms of
 * the emulator's only thread per code, more than everything else a new code costs, which capped the emulator
 * far below WeChat's 83 codes a second.
 */
export async function renderCode(text: string, options: RenderOptions): Promise<RenderedCode> {
  checkOptions(text, options);
  const qr = buildMatrix(text);
  const size = qr.modules.size;
  const total = size + 2 * QUIET_ZONE_MODULES;
  const { width, color, transparent } = options;
  if (width < total) throw new Error(`width ${width} px is too small for this ${total}-module code`);

  // pixel -> module index (or -1 in the quiet zone); rows and columns share the same map
  const moduleAt = new Int32Array(width);
  for (let p = 0; p < width; p++) {
    const m = Math.floor((p * total) / width) - QUIET_ZONE_MODULES;
    moduleAt[p] = m >= 0 && m < size ? m : -1;
  }

  // RGBA for the transparent PNG, where transparent pixels keep white RGB so a reader that ignores alpha still sees
  // dark-on-light; plain RGB for the JPEG, which has no alpha to flatten
  const channels = transparent ? 4 : 3;
  const light = [255, 255, 255, 0];
  const dark = [color.r, color.g, color.b, 255];
  const data = Buffer.alloc(width * width * channels);
  const bits = qr.modules.data;
  const rowBytes = width * channels;
  // every pixel row of one module row is the same: draw it once, copy it for the others
  let drawnModuleRow = -2;
  for (let y = 0; y < width; y++) {
    const my = moduleAt[y];
    const rowStart = y * rowBytes;
    if (my === drawnModuleRow) {
      data.copy(data, rowStart, rowStart - rowBytes, rowStart);
      continue;
    }
    for (let x = 0; x < width; x++) {
      const mx = moduleAt[x];
      const px = my >= 0 && mx >= 0 && bits[my * size + mx] ? dark : light;
      const o = rowStart + x * channels;
      data[o] = px[0];
      data[o + 1] = px[1];
      data[o + 2] = px[2];
      if (transparent) data[o + 3] = px[3];
    }
    drawnModuleRow = my;
  }

  const image = sharp(data, { raw: { width, height: width, channels } });
  if (transparent) {
    // flat two-tone rows compress best unfiltered
    return { contentType: 'image/png', buffer: await image.png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer() };
  }
  // 4:4:4 as before: subsampled chroma would blur a coloured line_color at module edges
  // optimised Huffman tables would take a second pass over the image for a smaller file: not worth it here
  const jpeg = image.jpeg({ quality: JPEG_QUALITY, chromaSubsampling: '4:4:4', optimiseCoding: false });
  return { contentType: 'image/jpeg', buffer: await jpeg.toBuffer() };
}

/**
 * One byte-mode segment and a fixed mask: both are valid choices of the QR standard and any reader decodes them.
 * The library's defaults (the optimal mix of segment modes by a shortest-path search, and a penalty score for each
 * of the eight masks) took ~15 ms per code, most of the cost of a new code once encoding moved off the thread.
 */
const FAST_QR = { maskPattern: 0 } as const;

// M corrects JPEG damage well; L only when the text would not fit otherwise
function buildMatrix(text: string): QRCode {
  const segments = [{ data: Buffer.from(text, 'utf8'), mode: 'byte' as const }];
  try {
    return createQr(segments, { errorCorrectionLevel: 'M', ...FAST_QR });
  } catch {
    try {
      return createQr(segments, { errorCorrectionLevel: 'L', ...FAST_QR });
    } catch (error) {
      throw new Error(`text of ${Buffer.byteLength(text)} bytes does not fit in a QR code: ${(error as Error).message}`);
    }
  }
}

function checkOptions(text: string, options: RenderOptions): void {
  if (typeof text !== 'string' || text.length === 0) throw new Error('renderCode: text must be a non-empty string');
  if (!options || typeof options !== 'object') throw new Error('renderCode: options {width, color, transparent} are required');
  const { width, color, transparent } = options;
  if (!Number.isInteger(width) || width < 21 || width > 4096) {
    throw new Error(`renderCode: width must be a whole number of pixels from 21 to 4096, got ${String(width)}`);
  }
  for (const channel of ['r', 'g', 'b'] as const) {
    const v = color?.[channel];
    if (!Number.isInteger(v) || v < 0 || v > 255) {
      throw new Error(`renderCode: color.${channel} must be a whole number from 0 to 255, got ${String(v)}`);
    }
  }
  if (typeof transparent !== 'boolean') throw new Error('renderCode: transparent must be true or false');
}
