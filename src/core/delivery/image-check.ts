import { ErrCode, WxacodeError } from '../errors';
import type { CodeImage } from '../params/types';

const SIGNATURES: { type: string; bytes: number[] }[] = [
  { type: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { type: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/**
 * WeChat answers errors as JSON in the same channel as images; a reply that is not an image must never
 * be stored as one. Trust the bytes, not the declared content type.
 */
/** 'image/jpeg' or 'image/png' by the file's first bytes, or undefined for anything else. */
export function sniffImageType(buffer: unknown): string | undefined {
  if (!Buffer.isBuffer(buffer)) return undefined;
  return SIGNATURES.find((s) => s.bytes.every((b, i) => buffer[i] === b))?.type;
}

export function checkImage(image: CodeImage): CodeImage {
  const buffer = image?.buffer;
  const type = sniffImageType(buffer);
  if (!type) {
    const preview = Buffer.isBuffer(buffer) ? buffer.subarray(0, 80).toString('utf8') : typeof buffer;
    throw new WxacodeError(
      ErrCode.UPSTREAM_BAD_REPLY,
      `WeChat answered ${Buffer.isBuffer(buffer) ? buffer.length : 0} bytes that are not a JPEG or PNG image (content type ${JSON.stringify(image?.contentType)}, starts with ${JSON.stringify(preview)}); nothing was stored. Try again; if it persists, check the function's openapi permissions`,
    );
  }
  return { contentType: type, buffer };
}
