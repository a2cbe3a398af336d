import type { StorageState } from '../state/storage-state';
import { invalidParam } from '../gateway/tcb-error';
import type { AdminActions, AdminRequest } from '../gateway/types';
import { cloudPathOf, cloudPathProblem, fileIdOf } from './file-id';
import type { TokenSigner } from './signed-token';

export interface StorageServiceOptions {
  envId: string;
  storage: StorageState;
  signer: TokenSigner;
}

const UPLOAD_URL_TTL_MS = 60 * 60 * 1000;
/** used when getTempFileURL is called without maxAge */
const DEFAULT_TEMP_URL_MAX_AGE_S = 24 * 60 * 60;

type ItemCode = 'SUCCESS' | 'STORAGE_FILE_NONEXIST' | 'INVALID_PARAM';

/** storage.* admin actions (§4 of the wire reference). */
export function storageActions({ envId, storage, signer }: StorageServiceOptions): AdminActions {
  /** a stored cloudPath, or the per-item error the SDK turns into status/errMsg */
  const lookup = (fileId: unknown): { cloudPath: string } | { code: ItemCode; message: string } => {
    if (typeof fileId !== 'string' || fileId === '') return { code: 'INVALID_PARAM', message: 'fileID must be a non-empty string' };
    const cloudPath = cloudPathOf(envId, fileId);
    if (cloudPath === undefined || !storage.get(cloudPath)) {
      return { code: 'STORAGE_FILE_NONEXIST', message: `storage file not exist: ${fileId}` };
    }
    return { cloudPath };
  };

  return {
    'storage.getUploadMetadata': async ({ params, origin, caller }: AdminRequest) => {
      const problem = cloudPathProblem(params.path);
      if (problem) throw invalidParam(problem);
      const cloudPath = params.path as string;
      const token = signer.sign({ purpose: 'upload', cloudPath, expiresAt: Date.now() + UPLOAD_URL_TTL_MS, caller });
      // The SDK sends all five back as headers on the PUT; each must be a non-empty string.
      return {
        url: `${origin}/cos/upload/${token}`,
        token: 'emulator-cos-token',
        authorization: 'emulator-cos-authorization',
        cosFileId: `emulator-cos-${cloudPath.length}`,
        fileId: fileIdOf(envId, cloudPath),
      };
    },

    'storage.batchGetDownloadUrl': async ({ params, origin }: AdminRequest) => {
      const list = params.file_list;
      if (!Array.isArray(list) || list.length === 0) throw invalidParam('file_list must be a non-empty array');
      const download_list = list.map((item: unknown) => {
        const entry = (typeof item === 'object' && item !== null ? item : {}) as { fileid?: unknown; max_age?: unknown };
        const found = lookup(entry.fileid);
        if (!('cloudPath' in found)) return { fileID: entry.fileid, tempFileURL: '', ...found };
        const maxAge = entry.max_age;
        if (maxAge !== undefined && (typeof maxAge !== 'number' || !Number.isFinite(maxAge) || maxAge <= 0)) {
          return { fileID: entry.fileid, tempFileURL: '', code: 'INVALID_PARAM', message: 'maxAge must be a positive number of seconds' };
        }
        const ageS = maxAge ?? DEFAULT_TEMP_URL_MAX_AGE_S;
        const token = signer.sign({ purpose: 'download', cloudPath: found.cloudPath, expiresAt: Date.now() + ageS * 1000 });
        return {
          fileID: entry.fileid,
          tempFileURL: `${origin}/cos/download/${token}`,
          code: 'SUCCESS',
          ...(maxAge !== undefined ? { maxAge } : {}),
        };
      });
      return { download_list };
    },

    'storage.batchDeleteFile': async ({ params }: AdminRequest) => {
      const list = params.fileid_list;
      if (!Array.isArray(list) || list.length === 0) throw invalidParam('fileid_list must be a non-empty array');
      const delete_list = [];
      for (const fileId of list) {
        const found = lookup(fileId);
        if (!('cloudPath' in found)) {
          delete_list.push({ fileID: fileId, ...found });
          continue;
        }
        await storage.delete(found.cloudPath);
        delete_list.push({ fileID: fileId, code: 'SUCCESS' });
      }
      return { delete_list };
    },
  };
}
