/**
 * The codec runs inside the mini program too, where `src/core/errors.ts` is out of reach (DevTools compiles only
 * miniprogram/), so it carries its own copy of the few codes it raises. `errors.test.ts` keeps them equal to ErrCode.
 */
export const SceneErrCode = {
  INVALID_ARGS: 40097,
  SCENE_KEY_NOT_FOUND: -700001,
  SCENE_KEY_EXPIRED: -700002,
  SCENE_MALFORMED: -700003,
  SCENE_DATA_TOO_LARGE: -700004,
} as const;

/** Same shape as WxacodeError (errCode + errMsg), so `toWxacodeError` and pages read it alike. */
export class SceneCodecError extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(`errCode: ${errCode} | errMsg: ${errMsg}`);
    this.name = 'SceneCodecError';
  }
}

/** A short picture of a received value for messages; never the whole of a long string. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (undefined)';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    return value.length > 40 ? `string ${JSON.stringify(value.slice(0, 40))}… (${value.length} characters)` : `string ${JSON.stringify(value)}`;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  return typeof value;
}

/** `field: rule; received …. hint` — the one message shape of every codec error. */
export function sceneError(errCode: number, field: string, rule: string, received: unknown, hint: string): SceneCodecError {
  return new SceneCodecError(errCode, `${field}: ${rule}; received ${describeValue(received)}. ${hint}`);
}
