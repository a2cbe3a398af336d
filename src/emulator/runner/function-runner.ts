import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { emulatorAsset } from '../assets';
import { readFunctionEnvVariables } from './cloudbaserc';
import { eventRefusal } from './event-limits';
import { functionSecretId, INVOCATION_KEYS, invocationEnvironment, type CallerIdentity } from './function-environment';
import { FunctionInstance, InstanceFailure, type InvokeMessage } from './function-instance';

export interface FunctionRunnerOptions {
  /** folder holding `<name>/index.js`, the deployed single-file bundles */
  functionsDir: string;
  /** base environment of every instance: functionEnvironment(...) without a caller */
  environment: Record<string, string>;
  /** cloudbaserc.json with functions[].envVariables; absent file = none */
  cloudbasercPath?: string;
  /** per invocation; the instance is killed when exceeded (default 20 s, SCF's default is 3 s, wx's 20 s max) */
  timeoutMs?: number;
  /**
   * warm instances per function (default 4). SCF runs one event per instance at a time and starts another
   * instance when a call finds them all busy (腾讯云 云函数 并发概述); past this cap, calls wait for a free one.
   */
  maxInstancesPerFunction?: number;
  /** preload loopback-guard.js in every instance so any non-loopback connect throws */
  loopbackGuard?: boolean;
  /** where function output goes; default: the emulator's stdout/stderr prefixed with [fn:<name>] */
  onLog?: (functionName: string, stream: 'stdout' | 'stderr', line: string) => void;
}

export type InvocationResult =
  | { status: 'ok'; requestId: string; result: unknown }
  | { status: 'not-found'; message: string }
  /** refused before any instance was involved, as the platform refuses an event it cannot deliver */
  | { status: 'refused'; message: string }
  | { status: 'failed'; requestId: string; errorMessage: string; errorStack?: string; timedOut: boolean };

export interface FunctionRunner {
  invoke(name: string, event: unknown, caller?: CallerIdentity): Promise<InvocationResult>;
  /** where a function's bundle is expected */
  functionFile(name: string): string;
  /** live instances, for the control API and tests */
  instances(): { name: string; busy: boolean }[];
  /** kills every instance */
  close(): Promise<void>;
}

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,60}$/;

interface Pool {
  instances: FunctionInstance[];
  starting: number;
  waiters: (() => void)[];
}

/**
 * Runs cloud functions as deployed: each in its own child process (never in the emulator), kept
 * warm between calls like SCF, one call at a time per instance, more instances up to a cap.
 */
export function createFunctionRunner(options: FunctionRunnerOptions): FunctionRunner {
  const functionsDir = resolve(options.functionsDir);
  const timeoutMs = options.timeoutMs ?? 20_000;
  const cap = options.maxInstancesPerFunction ?? 4;
  const bootstrapFile = emulatorAsset('runner/bootstrap.js');
  const execArgv = options.loopbackGuard ? ['--require', emulatorAsset('runner/loopback-guard.js')] : [];
  const onLog =
    options.onLog ??
    ((name, stream, line) => (stream === 'stdout' ? process.stdout : process.stderr).write(`[fn:${name}] ${line}\n`));
  const pools = new Map<string, Pool>();
  let closed = false;

  const functionFile = (name: string) => join(functionsDir, name, 'index.js');
  const poolOf = (name: string) => {
    let pool = pools.get(name);
    if (!pool) pools.set(name, (pool = { instances: [], starting: 0, waiters: [] }));
    return pool;
  };
  const wakeOne = (pool: Pool) => pool.waiters.shift()?.();

  async function acquire(name: string, file: string, version: number): Promise<FunctionInstance> {
    const pool = poolOf(name);
    for (;;) {
      if (closed) throw new InstanceFailure('the emulator is shutting down', false);
      // A rebuilt bundle must not be served by instances that loaded the old one.
      for (const stale of pool.instances.filter((i) => i.version !== version && !i.busy)) stale.kill();
      const idle = pool.instances.find((i) => !i.busy && i.alive && i.version === version);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      const live = pool.instances.filter((i) => i.alive).length;
      if (live + pool.starting < cap) {
        pool.starting += 1;
        try {
          const instance = await FunctionInstance.start(
            {
              functionName: name,
              functionFile: file,
              bootstrapFile,
              env: childEnvironment(name),
              execArgv,
              onLog: (stream, line) => onLog(name, stream, line),
            },
            version,
          );
          if (closed) {
            await instance.stop();
            throw new InstanceFailure('the emulator is shutting down', false);
          }
          instance.busy = true;
          pool.instances.push(instance);
          instance.onExit(() => {
            pool.instances = pool.instances.filter((i) => i !== instance);
            wakeOne(pool);
          });
          return instance;
        } finally {
          pool.starting -= 1;
        }
      }
      await new Promise<void>((wake) => pool.waiters.push(wake));
    }
  }

  function childEnvironment(name: string): Record<string, string> {
    const userVars = options.cloudbasercPath ? readFunctionEnvVariables(options.cloudbasercPath, name) : {};
    // System variables win over user ones, as SCF reserves them.
    return {
      PATH: process.env.PATH ?? '',
      ...userVars,
      ...options.environment,
      SCF_FUNCTIONNAME: name,
      // per function, so the emulator's meter knows which function sent each CloudBase request
      TENCENTCLOUD_SECRETID: functionSecretId(name),
    };
  }

  return {
    functionFile,
    async invoke(name, event, caller = {}) {
      const file = functionFile(name);
      if (!FUNCTION_NAME.test(name) || !existsSync(file)) {
        return {
          status: 'not-found',
          message: `function "${name}" not found: no ${join(name, 'index.js')} in ${functionsDir} (run the build first?)`,
        };
      }
      // checked before an instance is taken: an event that cannot be sent must not cost a warm instance
      const refusal = eventRefusal(event);
      if (refusal) return { status: 'refused', message: refusal };
      const requestId = randomUUID();
      const fail = (errorMessage: string, timedOut = false, errorStack?: string): InvocationResult => ({
        status: 'failed',
        requestId,
        errorMessage,
        errorStack,
        timedOut,
      });
      let instance: FunctionInstance;
      try {
        instance = await acquire(name, file, statSync(file).mtimeMs);
      } catch (err) {
        return fail((err as Error).message);
      }
      const env = invocationEnvironment(caller);
      const message: InvokeMessage = {
        type: 'invoke',
        id: requestId,
        event,
        env,
        clearKeys: INVOCATION_KEYS,
        context: {
          request_id: requestId,
          function_name: name,
          function_version: '$LATEST',
          namespace: options.environment.SCF_NAMESPACE,
          memory_limit_in_mb: 256,
          time_limit_in_ms: timeoutMs,
          tencentcloud_region: options.environment.TENCENTCLOUD_REGION,
          environ: Object.entries(env).map(([k, v]) => `${k}=${v}`).join(';'),
          callbackWaitsForEmptyEventLoop: false,
        },
      };
      try {
        const reply = await instance.invoke(message, timeoutMs);
        if (reply.ok) return { status: 'ok', requestId, result: JSON.parse(reply.json) };
        // A bundle that cannot even load will not get better by staying warm.
        if (reply.loadFailed) instance.kill();
        return fail(`${reply.error.name}: ${reply.error.message}`, false, reply.error.stack);
      } catch (err) {
        return fail((err as Error).message, err instanceof InstanceFailure && err.timedOut);
      } finally {
        instance.busy = false;
        wakeOne(poolOf(name));
      }
    },
    instances: () => [...pools.entries()].flatMap(([name, pool]) => pool.instances.map((i) => ({ name, busy: i.busy }))),
    async close() {
      closed = true;
      const all = [...pools.values()];
      for (const pool of all) pool.waiters.splice(0).forEach((wake) => wake());
      await Promise.all(all.flatMap((pool) => pool.instances.map((i) => i.stop())));
    },
  };
}
