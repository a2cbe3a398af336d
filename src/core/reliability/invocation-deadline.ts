/**
 * When the platform will kill this invocation. The function's timeout comes from SCF's handler context
 * (`time_limit_in_ms`, what the function is actually configured with now), else from the timeout in
 * cloudbaserc.json that scripts/build.ts bakes into the bundle (WXACODE_BUILT_TIMEOUT_SECONDS), i.e. what
 * `npm run deploy` deploys it with.
 */

/** Kept free after WeChat's last answer: uploading the image and writing its index record take this at most. */
export const STORE_RESERVE_MS = 3000;

/** Replaced with cloudbaserc.json's timeout of the function by scripts/build.ts (esbuild define). */
export function builtInTimeoutMs(): number | undefined {
  const seconds = Number(process.env.WXACODE_BUILT_TIMEOUT_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined;
}

/** The function's time limit in ms: SCF's context first, else the built-in timeout; undefined when neither is known. */
export function invocationTimeLimitMs(context: unknown, builtTimeoutMs = builtInTimeoutMs()): number | undefined {
  const fromContext = (context as { time_limit_in_ms?: unknown } | null | undefined)?.time_limit_in_ms;
  return typeof fromContext === 'number' && Number.isFinite(fromContext) && fromContext > 0 ? fromContext : builtTimeoutMs;
}

/** epoch ms by which a code must have been made, or undefined when the timeout is unknown (tests, scripts). */
export function invocationDeadline(startedAt: number, context: unknown, builtTimeoutMs = builtInTimeoutMs()): number | undefined {
  const timeoutMs = invocationTimeLimitMs(context, builtTimeoutMs);
  if (timeoutMs === undefined) return undefined;
  // a very short timeout still leaves WeChat half of it
  return startedAt + Math.max(timeoutMs - STORE_RESERVE_MS, timeoutMs / 2);
}

/** epoch ms the platform kills the invocation at (no request may still be waited for then), or undefined when unknown. */
export function invocationEnd(startedAt: number, context: unknown, builtTimeoutMs = builtInTimeoutMs()): number | undefined {
  const timeoutMs = invocationTimeLimitMs(context, builtTimeoutMs);
  return timeoutMs === undefined ? undefined : startedAt + timeoutMs;
}
