import { ErrCode } from '../../errors';
import { checkKnownKeys } from '../unknown-keys';
import { reject } from '../reject';

/**
 * 获取NFC的小程序scheme: model_id "scheme对应的设备model_id" (required, the model registered for the NFC device),
 * sn "scheme对应的设备sn，仅一机一码时填写". Not for third-party platforms.
 */
export function checkNfc(value: unknown, field = 'nfc'): { modelId: string; sn?: string } {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw reject(ErrCode.INVALID_ARGS, field, 'must be an object {modelId, sn?}', value, 'modelId is the device model registered for NFC; sn only for one code per device');
  }
  const nfc = value as Record<string, unknown>;
  checkKnownKeys(nfc, ['modelId', 'sn'], field, field);
  if (typeof nfc.modelId !== 'string' || nfc.modelId.trim() === '') {
    throw reject(ErrCode.INVALID_ARGS, `${field}.modelId`, 'is required: a non-empty string (the NFC device model_id)', nfc.modelId);
  }
  if (nfc.sn === undefined) return { modelId: nfc.modelId };
  if (typeof nfc.sn !== 'string' || nfc.sn.trim() === '') {
    throw reject(ErrCode.INVALID_ARGS, `${field}.sn`, 'must be a non-empty string (the device serial number, for one code per device)', nfc.sn, 'Omit it for a scheme shared by every device of the model');
  }
  return { modelId: nfc.modelId, sn: nfc.sn };
}
