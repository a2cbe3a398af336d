import type { Emulator } from '../emulator/server';
import type { StoredFile } from '../emulator/state/storage-state';
import { cloudPathOf } from '../emulator/storage/file-id';
import { decodeImage } from '../emulator/wechat/decode-image';

/** The cache as the functions leave it: files under wxacode/ and documents of wxacode_codes, read from the emulator's state. */
export interface CodeStoreSnapshot {
  /** code images only: the bucket-probe marker (an upload that learns the bucket name) is not a code */
  files: StoredFile[];
  /** code records, and claims (a document with no fileID while an instance is making that code) */
  records: { _id: string; fileID?: string; cloudPath?: string }[];
}

const CODE_FILES = 'wxacode/';
const BUCKET_PROBE = 'wxacode/.bucket-probe';

export function snapshotCodeStore(emulator: Emulator): CodeStoreSnapshot {
  const files = emulator.state.storage.list().filter((f) => f.cloudPath.startsWith(CODE_FILES) && f.cloudPath !== BUCKET_PROBE);
  const records = (emulator.state.database.documents('wxacode_codes') ?? []) as CodeStoreSnapshot['records'];
  return { files, records };
}

/** Everything wrong with the cache, in words; empty when every record has its file and every file its record. */
export function cacheProblems(emulator: Emulator, { files, records }: CodeStoreSnapshot): string[] {
  const problems: string[] = [];
  const filePaths = new Set(files.map((f) => f.cloudPath));
  const recordedPaths = new Set<string>();
  const idCounts = new Map<string, number>();
  for (const record of records) {
    idCounts.set(record._id, (idCounts.get(record._id) ?? 0) + 1);
    if (typeof record.fileID !== 'string') {
      problems.push(`record ${record._id}: a claim left behind (no fileID), so the code waits for a record no one is making`);
      continue;
    }
    const path = cloudPathOf(emulator.envId, record.fileID);
    if (path === undefined) problems.push(`record ${record._id}: fileID ${record.fileID} is not a file of this env`);
    else if (!filePaths.has(path)) problems.push(`record ${record._id}: dangling, no file at ${path}`);
    else if (path !== record.cloudPath) problems.push(`record ${record._id}: fileID names ${path} but cloudPath says ${record.cloudPath}`);
    if (path) recordedPaths.add(path);
  }
  for (const [id, count] of idCounts) if (count > 1) problems.push(`record ${id}: ${count} documents for one cache key`);
  for (const file of files) {
    if (!recordedPaths.has(file.cloudPath)) problems.push(`file ${file.cloudPath}: no record points at it`);
    const keysInPath = records.filter((r) => file.cloudPath.includes(r._id)).length;
    if (keysInPath > 1) problems.push(`file ${file.cloudPath}: named after ${keysInPath} cache keys`);
  }
  for (const record of records.filter((r) => typeof r.fileID === 'string')) {
    const filesOfKey = files.filter((f) => f.cloudPath.includes(record._id)).length;
    if (filesOfKey !== 1) problems.push(`cache key ${record._id}: ${filesOfKey} files`);
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
