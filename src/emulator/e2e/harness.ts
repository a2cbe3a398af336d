import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, type Emulator, type EmulatorOptions } from '../server';
import { blockedConnections } from '../testing/test-emulator';
import { decodeImage } from '../wechat/decode-image';
import type { FaultSettings, WechatCall } from '../wechat/types';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

/** environment variables per function, on top of the repository's cloudbaserc.json */
export type FunctionEnv = Record<string, Record<string, string>>;

export interface BuiltFunctionsEmulator {
  emulator: Emulator;
  url: string;
  /** POST /callFunction as wx.cloud.callFunction from a mini program user */
  callFunction(name: string, data: unknown, openid?: string): Promise<{ status: number; body: any }>;
  /** the `result` of a successful /callFunction; fails the test on a transport error */
  result(name: string, data: unknown, openid?: string): Promise<any>;
  /** GET /_emulator/wechat/calls: what WeChat received */
  wechatCalls(): Promise<WechatCall[]>;
  setFaults(patch: Partial<FaultSettings>): Promise<void>;
  /** POST /_emulator/reset: storage, database, call log, quota and faults back to the start */
  reset(): Promise<void>;
  /** non-loopback connection attempts the guard blocked in any function process */
  blocked(): string[];
  dispose(): Promise<void>;
}

/**
 * The emulator as `npm start` runs it, with the BUILT functions of cloudfunctions/ and the real app.json,
 * in memory on a free loopback port with the loopback guard on. Per-function variables go into a copy of
 * cloudbaserc.json, the same file `tcb fn deploy` reads, so the functions get them the way they would in the cloud.
 */
export async function startBuiltFunctionsEmulator(
  options: { env?: FunctionEnv } & Pick<EmulatorOptions, 'lifetimeQuota' | 'ratePerMinute'> = {},
): Promise<BuiltFunctionsEmulator> {
  const scratch = mkdtempSync(join(tmpdir(), 'wxacode-e2e-'));
  const cloudbasercPath = join(scratch, 'cloudbaserc.json');
  writeFileSync(cloudbasercPath, JSON.stringify(cloudbasercWith(options.env ?? {})));
  const logs: string[] = [];
  const emulator = await createEmulator({
    port: 0,
    inMemory: true,
    rootDir: REPO_ROOT,
    cloudbasercPath,
    loopbackGuard: true,
    appSecret: 'e2e-app-secret',
    lifetimeQuota: options.lifetimeQuota,
    ratePerMinute: options.ratePerMinute,
    onFunctionLog: (name, stream, line) => logs.push(`[${name}:${stream}] ${line}`),
  });
  const url = emulator.url;
  const callFunction = async (name: string, data: unknown, openid?: string) => {
    const res = await fetch(`${url}/callFunction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
      body: JSON.stringify({ name, data }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  return {
    emulator,
    url,
    callFunction,
    async result(name, data, openid) {
      const { status, body } = await callFunction(name, data, openid);
      if (status !== 200) throw new Error(`/callFunction ${name} answered ${status}: ${JSON.stringify(body)}`);
      return body.result;
    },
    async wechatCalls() {
      const res = await fetch(`${url}/_emulator/wechat/calls`);
      return ((await res.json()) as { calls: WechatCall[] }).calls;
    },
    async setFaults(patch) {
      const res = await fetch(`${url}/_emulator/faults`, { method: 'PUT', body: JSON.stringify(patch) });
      if (res.status !== 200) throw new Error(`PUT /_emulator/faults answered ${res.status}: ${await res.text()}`);
    },
    async reset() {
      const res = await fetch(`${url}/_emulator/reset`, { method: 'POST' });
      if (res.status !== 200) throw new Error(`POST /_emulator/reset answered ${res.status}`);
    },
    blocked: () => blockedConnections(logs),
    async dispose() {
      await emulator.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

function cloudbasercWith(env: FunctionEnv): unknown {
  const rc = JSON.parse(readFileSync(join(REPO_ROOT, 'cloudbaserc.json'), 'utf8')) as {
    functions: { name: string; envVariables?: Record<string, string> }[];
  };
  for (const fn of rc.functions) fn.envVariables = { ...fn.envVariables, ...env[fn.name] };
  return rc;
}

/** Downloads an image over HTTP as a browser would, failing on anything but a 200 image. */
export async function downloadImage(url: string): Promise<{ contentType: string; bytes: Buffer }> {
  const res = await fetch(url);
  const contentType = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || !contentType.startsWith('image/')) {
    throw new Error(`GET ${url} answered ${res.status} ${contentType}: ${(await res.text()).slice(0, 200)}`);
  }
  return { contentType, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** What the code says when scanned: the emulated WeChat draws the JSON of the request it received. */
export function scannedPayload(bytes: Buffer): Record<string, unknown> {
  const { text } = decodeImage(bytes);
  if (text === null) throw new Error('the image holds no readable code');
  return JSON.parse(text) as Record<string, unknown>;
}

/** A WeChat access token from /cgi-bin/token with the emulator's own credentials. */
export async function accessToken(emulator: Emulator): Promise<string> {
  const query = new URLSearchParams({ grant_type: 'client_credential', appid: emulator.appid, secret: emulator.appSecret });
  const body = (await (await fetch(`${emulator.url}/cgi-bin/token?${query}`)).json()) as { access_token?: string };
  if (!body.access_token) throw new Error(`no access_token: ${JSON.stringify(body)}`);
  return body.access_token;
}
