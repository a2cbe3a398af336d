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
