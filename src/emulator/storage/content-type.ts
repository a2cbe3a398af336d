import { extname } from 'node:path';

/** The SDK's upload PUT carries no content-type, so objects are served by extension, as COS does by default. */
const BY_EXTENSION: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.pdf': 'application/pdf',
};

export function contentTypeFor(cloudPath: string): string {
  return BY_EXTENSION[extname(cloudPath).toLowerCase()] ?? 'application/octet-stream';
}
