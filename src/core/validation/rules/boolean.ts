import { ErrCode } from '../../errors';
import { reject } from '../reject';

/** Booleans must be booleans: "false" is a truthy string and would silently mean true. */
export function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw reject(ErrCode.INVALID_ARGS, field, 'must be true or false (a boolean, not a string)', value);
  return value;
}
