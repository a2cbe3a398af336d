import type { Emulator } from '../emulator/server';
import type { StoredFile } from '../emulator/state/storage-state';
import { decodeImage } from '../emulator/wechat/decode-image';

/** The cache as the functions leave it: files under wxacode/ and documents of wxacode_codes, read from the emulator's state. */
export interface CodeStoreSnapshot {
  /** code images only: the bucket-probe marker (an upload that learns the bucket name) is not a code */
  files: StoredFile[];
  /** one document per code: its claim, kept once the code is made */
  records: { _id: string; cloudPath?: string }[];
}

const CODE_FILES = 'wxacode/';
const BUCKET_PROBE = 'wxacode/.bucket-probe';

export function snapshotCodeStore(emulator: Emulator): CodeStoreSnapshot {
  const files = emulator.state.storage.list().filter((f) => f.cloudPath.startsWith(CODE_FILES) && f.cloudPath !== BUCKET_PROBE);
  const records = (emulator.state.database.documents('wxacode_codes') ?? []) as CodeStoreSnapshot['records'];
  return { files, records };
}

/**
 * Everything wrong with the cache, in words; empty when every code file has its document and every document its file.
 * A document is written when an instance claims a code and stays once the code is made, so one without a file is a
 * claim left behind by an attempt that neither finished nor released it.
 */
export function cacheProblems(emulator: Emulator, { files, records }: CodeStoreSnapshot): string[] {
  const problems: string[] = [];
  const filePaths = new Set(files.map((f) => f.cloudPath));
  const recordedPaths = new Set<string>();
  const idCounts = new Map<string, number>();
  for (const record of records) {
    idCounts.set(record._id, (idCounts.get(record._id) ?? 0) + 1);
    if (typeof record.cloudPath !== 'string') {
      problems.push(`record ${record._id}: no cloudPath`);
      continue;
    }
    if (!filePaths.has(record.cloudPath)) problems.push(`record ${record._id}: a claim left behind (no file at ${record.cloudPath}), so the code waits for a file no one is making`);
    if (!record.cloudPath.includes(record._id)) problems.push(`record ${record._id}: cloudPath ${record.cloudPath} is not named after its key`);
    recordedPaths.add(record.cloudPath);
  }
  for (const [id, count] of idCounts) if (count > 1) problems.push(`record ${id}: ${count} documents for one cache key`);
  for (const file of files) {
    if (!recordedPaths.has(file.cloudPath)) problems.push(`file ${file.cloudPath}: no record points at it`);
    const keysInPath = records.filter((r) => file.cloudPath.includes(r._id)).length;
    if (keysInPath > 1) problems.push(`file ${file.cloudPath}: named after ${keysInPath} cache keys`);
  }
  return problems;
}

// a stored file's bytes never change in place (a re-upload is a new Buffer), and decoding costs ~70 ms
const decodedTexts = new WeakMap<Buffer, string>();

function qrText(file: StoredFile): string {
  let text = decodedTexts.get(file.bytes);
  if (text === undefined) {
    text = decodeImage(file.bytes).text ?? `<unreadable ${file.cloudPath}>`;
    decodedTexts.set(file.bytes, text);
  }
  return text;
}

/** The QR text of each stored code: the request WeChat received. Two files with one payload are one code made twice. */
export function storedPayloads(files: StoredFile[]): Map<string, string[]> {
  const byPayload = new Map<string, string[]>();
  for (const file of files) {
    const text = qrText(file);
    byPayload.set(text, [...(byPayload.get(text) ?? []), file.cloudPath]);
  }
  return byPayload;
}
