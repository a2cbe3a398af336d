import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator, type Emulator, type EmulatorOptions } from '../server';
import { createFakeWechat } from './fake-wechat';

export const FIXTURE_FUNCTIONS = join(__dirname, '..', '__fixtures__', 'functions');

export interface GuardedEmulator {
  emulator: Emulator;
  /** every line the function processes printed, the loopback guard's included */
  functionLogs: string[];
}

/**
 * An emulator on a free loopback port, in memory, with the loopback guard on and the function processes' output
 * kept, so that a test can also prove nothing left 127.0.0.1 (see blockedConnections). Shared by the emulator's
 * own tests (fixture functions) and the end-to-end tests of the built functions (src/e2e).
 */
export async function startGuardedEmulator(options: EmulatorOptions): Promise<GuardedEmulator> {
  const functionLogs: string[] = [];
  const emulator = await createEmulator({
    port: 0,
    inMemory: true,
    loopbackGuard: true,
    onFunctionLog: (name, stream, line) => functionLogs.push(`[${name}:${stream}] ${line}`),
    ...options,
  });
  return { emulator, functionLogs };
}

/** the guard prints BLOCKED for every non-loopback attempt */
export function blockedConnections(logs: string[]): string[] {
  return logs.filter((line) => line.includes('[loopback-guard] BLOCKED'));
}

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

/** A guarded emulator with the fixture functions and a fake WeChat, for the emulator's own tests. */
export async function startTestEmulator(overrides: EmulatorOptions = {}): Promise<TestEmulator> {
  const rootDir = mkdtempSync(join(tmpdir(), 'wxacode-emu-root-'));
  const { emulator, functionLogs } = await startGuardedEmulator({
    rootDir,
    functionsDir: FIXTURE_FUNCTIONS,
    wechat: createFakeWechat(),
    appSecret: 'test-secret',
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
