/**
 * The UI's only way to the emulator: the same routes a user would curl. State-changing calls always carry
 * `content-type: application/json`, as the emulator asks of every client.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  return readReply<T>(res);
}

export async function sendJson<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return readReply<T>(res);
}

async function readReply<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new ApiError(res.status, `${res.status}: ${text.slice(0, 200)}`);
  }
  if (!res.ok && !(typeof body === 'object' && body !== null && 'errCode' in body)) {
    const error = (body as { error?: unknown }).error;
    throw new ApiError(res.status, typeof error === 'string' ? error : `${res.status} ${res.statusText}`);
  }
  return body as T;
}

/** POST /callFunction as wx.cloud.callFunction would; an empty openid lets the emulator use its default user. */
export function callFunction<T = Record<string, unknown>>(name: string, data: unknown, openid: string): Promise<{ result?: T; requestID?: string; errCode?: number; errMsg?: string }> {
  return sendJson('POST', '/callFunction', { name, data }, openid ? { 'x-wx-openid': openid } : {});
}

/** a URL of this emulator reduced to its path, so images are fetched from the page's own origin */
export function sameOrigin(url: string): string {
  try {
    const parsed = new URL(url, location.href);
    return parsed.pathname + parsed.search;
  } catch {
    return url;
  }
}

/** POST /callFunction with `x-wx-caller: trusted`: a server-side caller with no user, as the console calls functions */
export function callFunctionTrusted<T = Record<string, unknown>>(name: string, data: unknown): Promise<{ result?: T; requestID?: string; errCode?: number; errMsg?: string }> {
  return sendJson('POST', '/callFunction', { name, data }, { 'x-wx-caller': 'trusted' });
}
