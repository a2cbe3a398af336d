import jsQR from 'jsqr';
import { decode as decodeJpeg } from 'jpeg-js';
import { PNG } from 'pngjs';

/** An image as a user would look at it: size, RGBA pixels, and the QR text it carries (null if unreadable). */
export interface DecodedImage {
  width: number;
  height: number;
  rgba: Uint8ClampedArray;
  text: string | null;
  /** centre of the top-left finder pattern, always a dark module of a readable code */
  darkPixel: { r: number; g: number; b: number; a: number } | null;
  pixel(x: number, y: number): { r: number; g: number; b: number; a: number };
}

/**
 * Decodes what the emulated WeChat answered, the way a test or a tool checks it: by the bytes' own
 * format (PNG or JPEG magic), not by the content-type it claimed.
 */
export function decodeImage(buffer: Buffer): DecodedImage {
  const { width, height, rgba } = readPixels(buffer);
  const pixel = (x: number, y: number) => {
    if (x < 0 || y < 0 || x >= width || y >= height) throw new Error(`pixel (${x}, ${y}) is outside ${width}x${height}`);
    const o = (y * width + x) * 4;
    return { r: rgba[o], g: rgba[o + 1], b: rgba[o + 2], a: rgba[o + 3] };
  };
  const qr = jsQR(rgba, width, height);
  const darkPixel = qr
    ? pixel(Math.round(qr.location.topLeftFinderPattern.x), Math.round(qr.location.topLeftFinderPattern.y))
    : null;
  return { width, height, rgba, text: qr ? qr.data : null, darkPixel, pixel };
}

function readPixels(buffer: Buffer): { width: number; height: number; rgba: Uint8ClampedArray } {
  if (buffer.length > 8 && buffer.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    const png = PNG.sync.read(buffer);
    return { width: png.width, height: png.height, rgba: new Uint8ClampedArray(png.data) };
  }
  if (buffer.length > 3 && buffer[0] === 0xff && buffer[1] === 0xd8 && buffer[2] === 0xff) {
    const jpeg = decodeJpeg(buffer, { useTArray: true, formatAsRGBA: true });
    return { width: jpeg.width, height: jpeg.height, rgba: new Uint8ClampedArray(jpeg.data) };
  }
  throw new Error(`not a PNG or JPEG image (starts with ${buffer.subarray(0, 8).toString('hex')})`);
}
