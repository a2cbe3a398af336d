import { ErrCode } from '../../errors';
import { reject } from '../reject';

/**
 * How long a stored link must still open for the cache to hand it out again. Default 7 days (or half the link's
 * lifetime, when that is shorter, so short-lived links are still reused); an event may ask for more, up to the
 * link's own lifetime (beyond it no link could ever qualify).
 */
export const DEFAULT_MIN_VALID_SECONDS = 7 * 86_400;

export function defaultMinValidSeconds(lifetimeSeconds: number): number {
  return Math.min(DEFAULT_MIN_VALID_SECONDS, Math.floor(lifetimeSeconds / 2));
}

export function checkMinValidSeconds(value: unknown, lifetimeSeconds: number, field = 'minValidSeconds'): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 60) {
    throw reject(ErrCode.INVALID_ARGS, field, 'must be a whole number of seconds, at least 60', value, `Omit it for ${DEFAULT_MIN_VALID_SECONDS} (7 days)`);
  }
  if (value > lifetimeSeconds) {
    throw reject(
      ErrCode.INVALID_ARGS,
      field,
      `must be at most the link's lifetime (${lifetimeSeconds} s): no stored link could have that much left`,
      value,
      'Ask for less, or pass cache: false for a new link every time',
    );
  }
  return value;
}
