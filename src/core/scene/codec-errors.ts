import { WxacodeError } from '../errors';
import { SceneCodecError } from './codec';

/** Runs codec code and rethrows its errors as WxacodeError, the type the cloud functions hand back. */
export function asWxacodeError<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof SceneCodecError) throw new WxacodeError(error.errCode, error.errMsg);
    throw error;
  }
}

export function toMillis(now: Date | number | undefined): number {
  if (now === undefined) return Date.now();
  return typeof now === 'number' ? now : now.getTime();
}
