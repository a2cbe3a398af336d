import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator/server';
import type { FaultSettings, WechatCall } from '../emulator/wechat/types';
import { FUNCTIONS } from '../functions/catalog';
import { httpJson, httpRequest } from './loopback-http';

export { blockedConnections } from '../emulator/testing/test-emulator';

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
  callFunction(name: string, data: object, openid?: string): Promise<CallFunctionReply>;
  /** PUT /_emulator/faults */
  setFaults(patch: Partial<FaultSettings>): Promise<void>;
  /** GET /_emulator/wechat/calls */
  wechatCalls(): Promise<WechatCall[]>;
  dispose(): Promise<void>;
}

export interface FunctionsEmulatorOptions {
  /** environment variables every deployed function gets, as cloudbaserc.json envVariables would give them */
  functionEnv?: Record<string, string>;
  emulator?: EmulatorOptions;
}

/**
 * cloudbaserc.json is how a deployed function gets its variables, and the emulator's runner reads the same
 * file, so a throwaway one is the way to run the built functions with, say, WXACODE_RATE_LIMIT=off.
 */
export function writeCloudbaserc(dir: string, functionEnv: Record<string, string>): string {
  const path = join(dir, 'cloudbaserc.json');
  const functions = FUNCTIONS.map(({ name }) => ({ name, envVariables: functionEnv }));
  writeFileSync(path, JSON.stringify({ version: '2.0', functions }, null, 2));
  return path;
}

/**
 * An in-memory emulator on a free loopback port running the real built bundles of cloudfunctions/ (run
 * `npm run build` first) against the simulated WeChat, which draws codes that decode to what it received.
 * The loopback guard is on: a function that tried to leave 127.0.0.1 would fail its call.
 */
export async function startFunctionsEmulator(options: FunctionsEmulatorOptions = {}): Promise<FunctionsEmulator> {
  const scratch = mkdtempSync(join(tmpdir(), 'wxacode-e2e-'));
  const functionLogs: string[] = [];
  const emulator = await createEmulator({
    port: 0,
    inMemory: true,
    rootDir: REPO_ROOT,
    functionsDir: join(REPO_ROOT, 'cloudfunctions'),
    appJsonPath: join(REPO_ROOT, 'miniprogram', 'app.json'),
    cloudbasercPath: writeCloudbaserc(scratch, options.functionEnv ?? {}),
    appSecret: 'e2e-app-secret',
    loopbackGuard: true,
    onFunctionLog: (name, stream, line) => functionLogs.push(`[${name}:${stream}] ${line}`),
    ...options.emulator,
  });
  const url = emulator.url;
  const control = async (method: string, path: string, body?: unknown) => {
    const reply = await httpJson(`${url}${path}`, { method, body });
    if (reply.status !== 200) throw new Error(`${method} ${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
    return reply.body;
  };
  return {
    emulator,
    url,
    functionLogs,
    callFunction(name, data, openid) {
      return httpJson(`${url}/callFunction`, { method: 'POST', headers: openid ? { 'x-wx-openid': openid } : {}, body: { name, data } });
    },
    async setFaults(patch) {
      await control('PUT', '/_emulator/faults', patch);
    },
    async wechatCalls() {
      return (await control('GET', '/_emulator/wechat/calls')).calls as WechatCall[];
    },
    async dispose() {
      await emulator.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** The bytes behind a tempFileURL, fetched as the phone would. */
export async function download(tempFileURL: string): Promise<Buffer> {
  const reply = await httpRequest(tempFileURL);
  if (reply.status !== 200) throw new Error(`GET ${tempFileURL} answered ${reply.status}`);
  return reply.body;
}

