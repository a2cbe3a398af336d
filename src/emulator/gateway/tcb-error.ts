/**
 * Errors the CloudBase admin endpoint reports as `{code, message, requestId}`.
 * node-sdk turns a truthy top-level `code` into a TcbError and wx-server-sdk maps the code through
 * TCB_ERR_CODE (unknown codes become -501001), so the code strings must be the real ones.
 */
export type TcbErrorCode =
  | 'SYS_ERR'
  | 'INVALIID_ENV' // sic: the SDK's spelling
  | 'INVALID_PARAM'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_INVALID_OPERRATOR' // sic
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_COLLECTION_ALREADY_EXIST'
  | 'STORAGE_FILE_NONEXIST'
  | 'FUNCTIONS_EXECUTE_FAIL'
  | 'EXCEED_REQUEST_LIMIT' // -501003 请求次数超出环境配额
  | 'EXCEED_CONCURRENT_REQUEST_LIMIT' // -501004 请求并发数超出环境配额
  | 'ResourceNotFound.Function';

export class TcbError extends Error {
  constructor(
    readonly code: TcbErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TcbError';
  }
}

export function invalidParam(message: string): TcbError {
  return new TcbError('INVALID_PARAM', message);
}

/** wx-server-sdk's TCB_ERR_CODE for the environment's limits, for replies the emulator makes without the SDK */
export const LIMIT_ERR_CODE: Partial<Record<TcbErrorCode, number>> = {
  EXCEED_REQUEST_LIMIT: -501003,
  EXCEED_CONCURRENT_REQUEST_LIMIT: -501004,
};
