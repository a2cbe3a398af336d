import { ErrCode } from '../../errors';
import type { CloudBaseLanding } from '../../links/types';
import { checkKnownKeys } from '../unknown-keys';
import { reject } from '../reject';

/**
 * 获取加密URLLink: cloud_base {env, domain, path, query, resource_appid}, a landing page on the environment's static
 * website that opens the mini program (85088 when CloudBase is not enabled). Only env is required.
 */
export function checkCloudBase(value: unknown, field = 'cloudBase'): CloudBaseLanding {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw reject(ErrCode.INVALID_ARGS, field, 'must be an object {env, domain?, path?, query?, resourceAppid?}', value);
  }
  const record = value as Record<string, unknown>;
  const keys = ['env', 'domain', 'path', 'query', 'resourceAppid'] as const;
  checkKnownKeys(record, keys, field, field);
  const landing: Record<string, string> = {};
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || v === '') throw reject(ErrCode.INVALID_ARGS, `${field}.${key}`, 'must be a non-empty string', v);
    landing[key] = v;
  }
  if (!landing.env) throw reject(ErrCode.INVALID_ARGS, `${field}.env`, 'is required: the CloudBase environment id of the static website', record.env);
  return landing as unknown as CloudBaseLanding;
}
