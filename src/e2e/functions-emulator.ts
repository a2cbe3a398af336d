import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Emulator, EmulatorOptions } from '../emulator/server';
import { blockedConnections, startGuardedEmulator } from '../emulator/testing/test-emulator';
import { decodeImage } from '../emulator/wechat/decode-image';
import type { UsageReply } from '../emulator/usage/usage-reply';
import type { FaultSettings, WechatCall } from '../emulator/wechat/types';
import { httpJson, httpRequest } from './loopback-http';

/**
 * The one harness of the end-to-end tests (and of the emulator bench): the BUILT functions of cloudfunctions/ in
 * the emulator, reached over HTTP as a phone, a CMS or a server would reach CloudBase and WeChat. Every request
 * goes through loopback-http's fresh connections, never fetch's pooled sockets (see httpRequest).
 */

export const REPO_ROOT = resolve(__dirname, '..', '..');

/** What POST /callFunction answered: `{result, requestID}` on success, `{errCode, errMsg}` when the call failed. */
export interface CallFunctionReply {
  status: number;
  body: any;
}

export interface FunctionsEmulator {
  emulator: Emulator;
  url: string;
  /** every line the function processes printed */
  functionLogs: string[];
  /** POST /callFunction as wx.cloud.callFunction would, with the caller's openid */
  callFunction(name: string, data: unknown, openid?: string): Promise<CallFunctionReply>;
  /** the `result` of a successful /callFunction; fails the test on a transport error */
  result(name: string, data: unknown, openid?: string): Promise<any>;
  /** GET /_emulator/wechat/calls: what WeChat received */
  wechatCalls(): Promise<WechatCall[]>;
  /** GET /_emulator/usage: the CloudBase requests the functions sent, by action, billing unit and function */
  usage(): Promise<UsageReply>;
  /** PUT /_emulator/faults */
  setFaults(patch: Partial<FaultSettings>): Promise<void>;
  /** POST /_emulator/reset: storage, database, call log, quota and faults back to the start */
  reset(): Promise<void>;
  /** non-loopback connection attempts the guard blocked in any function process */
  blocked(): string[];
  dispose(): Promise<void>;
}

/** environment variables, as cloudbaserc.json's envVariables give them to a deployed function */
export type FunctionEnv = Record<string, string>;

export interface FunctionsEmulatorOptions {
  /** variables every function gets */
  functionEnv?: FunctionEnv;
  /** variables for one function, by its name, on top of functionEnv */
  functionEnvByName?: Record<string, FunctionEnv>;
  /** passed on to the emulator: lifetimeQuota, ratePerMinute, faults, maxInstancesPerFunction… */
  emulator?: EmulatorOptions;
}

/**
 * An in-memory emulator on a free loopback port running the real built bundles of cloudfunctions/ (run
 * `npm run build` first) and the real app.json against the simulated WeChat, which draws codes that decode to
 * what it received. The loopback guard is on: a function that tried to leave 127.0.0.1 would fail its call.
 */
export async function startFunctionsEmulator(options: FunctionsEmulatorOptions = {}): Promise<FunctionsEmulator> {
  const scratch = mkdtempSync(join(tmpdir(), 'wxacode-e2e-'));
  const { emulator, functionLogs } = await startGuardedEmulator({
    rootDir: REPO_ROOT,
    cloudbasercPath: writeCloudbaserc(scratch, options),
    appSecret: 'e2e-app-secret',
    ...options.emulator,
  });
  const url = emulator.url;
  const control = async (method: string, path: string, body?: unknown) => {
    const reply = await httpJson(`${url}${path}`, { method, body });
    if (reply.status !== 200) throw new Error(`${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  const callFunction = (name: string, data: unknown, openid?: string) =>
    httpJson(`${url}/callFunction`, { method: 'POST', headers: openid ? { 'x-wx-openid': openid } : {}, body: { name, data } });
  return {
    emulator,
    url,
    functionLogs,
    callFunction,
    async result(name, data, openid) {
      const { status, body } = await callFunction(name, data, openid);
      if (status !== 200) throw new Error(`/callFunction ${name} answered ${status}: ${JSON.stringify(body)}`);
      return body.result;
    },
    async wechatCalls() {
      return (await control('GET', '/_emulator/wechat/calls')).calls as WechatCall[];
    },
    async usage() {
      return (await control('GET', '/_emulator/usage')) as UsageReply;
    },
    async setFaults(patch) {
      await control('PUT', '/_emulator/faults', patch);
    },
    async reset() {
      // a JSON body: the emulator takes state changes as JSON only (a web page cannot send that cross-site)
      await control('POST', '/_emulator/reset', {});
    },
    blocked: () => blockedConnections(functionLogs),
    async dispose() {
      await emulator.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/**
 * cloudbaserc.json is how a deployed function gets its variables, and the emulator's runner reads the same
 * file, so the repository's own, with the test's variables on top, runs the functions as `tcb fn deploy` would.
 */
export function writeCloudbaserc(dir: string, { functionEnv, functionEnvByName }: FunctionsEmulatorOptions): string {
  const rc = JSON.parse(readFileSync(join(REPO_ROOT, 'cloudbaserc.json'), 'utf8')) as {
    functions: { name: string; envVariables?: FunctionEnv }[];
  };
  for (const fn of rc.functions) fn.envVariables = { ...fn.envVariables, ...functionEnv, ...functionEnvByName?.[fn.name] };
  const path = join(dir, 'cloudbaserc.json');
  writeFileSync(path, JSON.stringify(rc, null, 2));
  return path;
}

/** Downloads an image as a phone or a browser would, failing on anything but a 200 image. */
export async function downloadImage(url: string): Promise<{ contentType: string; bytes: Buffer }> {
  const reply = await httpRequest(url);
  const contentType = reply.headers['content-type'] ?? '';
  if (reply.status !== 200 || !contentType.startsWith('image/')) {
    throw new Error(`GET ${url} answered ${reply.status} ${contentType}: ${reply.body.toString('utf8').slice(0, 200)}`);
  }
  return { contentType, bytes: reply.body };
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
  const { body } = await httpJson(`${emulator.url}/cgi-bin/token?${query}`);
  if (!body.access_token) throw new Error(`no access_token: ${JSON.stringify(body)}`);
  return body.access_token as string;
}
