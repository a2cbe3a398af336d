import { ErrCode } from '../../errors';
import type { LineColor } from '../../params/types';
import { reject } from '../reject';

const CHANNELS = ['r', 'g', 'b'] as const;

/**
 * lineColor `{r, g, b}`, each 0–255. The docs show the channels both as numbers and as decimal strings
 * (`{"r":"xxx",…}`); both are accepted and normalized to numbers so equal colors are one cached code.
 */
export function checkLineColor(value: unknown, field = 'lineColor'): LineColor {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw reject(ErrCode.INVALID_ARGS, field, 'must be an object {r, g, b} with each channel from 0 to 255', value);
  }
  const record = value as Record<string, unknown>;
  const extra = Object.keys(record).filter((k) => !(CHANNELS as readonly string[]).includes(k));
  if (extra.length > 0) {
    throw reject(ErrCode.INVALID_ARGS, `${field}.${extra[0]}`, 'is not a channel: lineColor takes only r, g and b', record[extra[0]]);
  }
  const color = { r: 0, g: 0, b: 0 };
  for (const channel of CHANNELS) {
    color[channel] = checkChannel(record[channel], `${field}.${channel}`);
  }
  return color;
}

function checkChannel(raw: unknown, field: string): number {
  const number = typeof raw === 'string' && /^\d{1,3}$/.test(raw) ? Number(raw) : raw;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0 || number > 255) {
    throw reject(ErrCode.INVALID_ARGS, field, 'must be an integer from 0 to 255 (a number or a decimal string)', raw);
  }
  return number;
}
