import { ENV_VERSIONS } from '../../params/defaults';
import type { EnvVersion } from '../../params/types';
import { reject } from '../reject';

/**
 * 获取加密URLLink / 获取加密scheme码: env_version "正式版为release，体验版为trial，开发版为develop，仅在微信外打开时生效",
 * 85402 (invalid env_version) otherwise.
 */
export function checkLinkEnvVersion(value: unknown, errCode: number, field = 'envVersion'): EnvVersion {
  if (typeof value !== 'string' || !(ENV_VERSIONS as readonly string[]).includes(value)) {
    // "Release", "dev": what teams write from memory of the DevTools menus
    const written = typeof value === 'string' ? value.trim().toLowerCase() : '';
    const close = written.length >= 3 ? ENV_VERSIONS.find((v) => v.startsWith(written)) : undefined;
    throw reject(errCode, field, `must be one of ${ENV_VERSIONS.map((v) => `"${v}"`).join(', ')}`, value, close ? `Did you mean "${close}"?` : 'Omit it for "release"');
  }
  return value as EnvVersion;
}
