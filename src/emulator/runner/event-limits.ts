/**
 * What the platform refuses before any function runs. SCF's InvokeFunction (云函数 API 文档 «运行函数»): Event,
 * "Maximum parameter size is 6 MB"; CloudBase's EXCEED_MAX_PAYLOAD_SIZE says the same for non-text bodies.
 */
export const MAX_EVENT_BYTES = 6 * 1024 * 1024;

/**
 * No documented CloudBase limit, but an event nested deeper than this cannot be JSON-serialized by a Node runtime
 * (JSON.stringify recurses; ~4,000 levels overflow the stack) and no code's parameters need more than a few levels.
 */
export const MAX_EVENT_DEPTH = 256;

/** Why an event cannot be handed to a function, or undefined when it can. Never throws, whatever the input. */
export function eventRefusal(event: unknown): string | undefined {
  const depth = nestingDepth(event, MAX_EVENT_DEPTH + 1);
  if (depth > MAX_EVENT_DEPTH) {
    return `the event is nested more than ${MAX_EVENT_DEPTH} levels deep; send flat JSON (the code's parameters need two levels)`;
  }
  let json: string | undefined;
  try {
    json = JSON.stringify(event);
  } catch (err) {
    return `the event is not JSON-serializable (${(err as Error).message}); send plain JSON data`;
  }
  const bytes = json === undefined ? 0 : Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_EVENT_BYTES) {
    return `the event is ${bytes} bytes as JSON, more than the platform's ${MAX_EVENT_BYTES} (6 MB); put large data in cloud storage and pass its fileID`;
  }
  return undefined;
}

/** Depth of nested objects/arrays, iteratively (no recursion to overflow), stopping once `stopAt` is reached. */
export function nestingDepth(value: unknown, stopAt = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth > deepest) deepest = depth;
    if (deepest >= stopAt) return deepest;
    for (const child of Object.values(current as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return deepest;
}
