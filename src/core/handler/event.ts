import { ErrCode } from '../errors';
import type { WxacodeApi } from '../params/types';
import type { DeliveryOptions } from '../delivery/code-service';
import { reject } from '../validation/reject';
import { checkBoolean } from '../validation/rules/boolean';

/** Keys wx.cloud.callFunction adds to every event on its own; they are not the caller's parameters. */
const PLATFORM_KEYS = ['userInfo'];
const OUTPUTS = ['file', 'base64'] as const;

export interface ParsedEvent {
  params: Record<string, unknown>;
  options: DeliveryOptions;
}

/** Splits an event into the API's parameters and this toolkit's delivery options (output, cache). */
export function parseEvent(api: WxacodeApi, event: unknown, extraKeys: readonly string[] = []): ParsedEvent {
  if (!event || typeof event !== 'object' || Array.isArray(event)) {
    throw reject(ErrCode.INVALID_ARGS, 'event', `must be an object with the parameters of ${api}`, event);
  }
  const params: Record<string, unknown> = {};
  const options: DeliveryOptions = { output: 'file', cache: true };
  for (const [key, value] of Object.entries(event as Record<string, unknown>)) {
    if (PLATFORM_KEYS.includes(key)) continue;
    if (key === 'output') {
      if (!OUTPUTS.includes(value as (typeof OUTPUTS)[number])) {
        throw reject(ErrCode.INVALID_ARGS, 'output', 'must be "file" (store and return fileID) or "base64"', value);
      }
      options.output = value as DeliveryOptions['output'];
    } else if (key === 'cache') {
      options.cache = checkBoolean(value, 'cache');
    } else if (extraKeys.includes(key)) {
      continue;
    } else {
      Object.defineProperty(params, key, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  return { params, options };
}
