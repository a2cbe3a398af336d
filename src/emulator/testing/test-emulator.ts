import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, type Emulator, type EmulatorOptions } from '../server';
import { createFakeWechat } from './fake-wechat';

export const FIXTURE_FUNCTIONS = join(__dirname, '..', '__fixtures__', 'functions');

export interface TestEmulator extends Emulator {
  /** every line the function processes printed */
  functionLogs: string[];
  /** POST /callFunction; returns status + JSON body */
  callFunction(name: string, data?: unknown, openid?: string): Promise<{ status: number; body: any }>;
  /** runs the `sdk` fixture's op and returns what the SDK gave the function */
  sdk(op: string, args?: Record<string, unknown>, openid?: string): Promise<any>;
  /** removes temp folders too */
  dispose(): Promise<void>;
}

/**
 * An emulator on a free loopback port, in memory, with the fixture functions, a fake WeChat and
 * the loopback guard on, so every test also proves nothing left 127.0.0.1.
 */
export async function startTestEmulator(overrides: EmulatorOptions = {}): Promise<TestEmulator> {
  const rootDir = mkdtempSync(join(tmpdir(), 'wxacode-emu-root-'));
  const functionLogs: string[] = [];
  const emulator = await createEmulator({
    port: 0,
    inMemory: true,
    rootDir,
    functionsDir: FIXTURE_FUNCTIONS,
    wechat: createFakeWechat(),
    loopbackGuard: true,
    appSecret: 'test-secret',
    onFunctionLog: (name, stream, line) => functionLogs.push(`[${name}:${stream}] ${line}`),
    ...overrides,
  });
  const callFunction = async (name: string, data?: unknown, openid?: string) => {
    const res = await fetch(`${emulator.url}/callFunction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(openid ? { 'x-wx-openid': openid } : {}) },
      body: JSON.stringify({ name, data }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  return Object.assign(emulator, {
    functionLogs,
    callFunction,
    async sdk(op: string, args: Record<string, unknown> = {}, openid?: string) {
      const { status, body } = await callFunction('sdk', { op, ...args }, openid);
      if (status !== 200) throw new Error(`sdk fixture failed (${status}): ${JSON.stringify(body)}`);
      return body.result;
    },
    async dispose() {
      await emulator.close();
      rmSync(rootDir, { recursive: true, force: true });
    },
  });
}

/** the guard prints BLOCKED for every non-loopback attempt */
export function blockedConnections(logs: string[]): string[] {
  return logs.filter((line) => line.includes('[loopback-guard] BLOCKED'));
}
