import { ErrCode } from '../../errors';
import { ENV_VERSIONS } from '../../params/defaults';
import type { EnvVersion } from '../../params/types';
import { reject } from '../reject';

export function checkEnvVersion(value: unknown, field = 'envVersion'): EnvVersion {
  if (typeof value !== 'string' || !(ENV_VERSIONS as readonly string[]).includes(value)) {
    throw reject(ErrCode.INVALID_ARGS, field, `must be one of ${ENV_VERSIONS.map((v) => `"${v}"`).join(', ')}`, value);
  }
  return value as EnvVersion;
}
