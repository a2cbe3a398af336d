import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { emulatorAsset } from '../assets';
import { readFunctionEnvVariables, readFunctionMemoryMb, readFunctionTimeoutMs } from './cloudbaserc';
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
  /**
   * per invocation, for every function; the instance is killed when exceeded. Unset: each function's `timeout` in
   * cloudbaserc.json, as deployed, else 20 s (SCF's default is 3 s, DevTools' upload sets 20 s)
   */
  timeoutMs?: number;
  /**
   * Instances scale with demand as SCF's do: each serves one event at a time, and a call that finds every instance of
   * its function busy starts another (腾讯云 云函数 并发概述). They are bounded by memory, not by a count: every instance
   * holds its function's memory size (cloudbaserc.json `memorySize`, else 256 MB) and all of them together stay
   * within this budget (default DEFAULT_MEMORY_BUDGET_MB). Past it, a call waits for a free instance of its function,
   * or takes the place of an idle instance of another one.
   */
  memoryBudgetMb?: number;
  /** an extra cap on the instances of each function (none by default), e.g. 1 for tests that count requests */
  maxInstancesPerFunction?: number;
  /**
   * Busy instances of all functions together up to which a queued call starts another at once (no bound by default:
   * every queued call starts one, within the budget). Past them, a queued call first waits up to `scaleAfterMs` for a busy instance to free:
   * the instances share the machine's cores, and more instances than cores can keep busy only add CPU per call when
   * they are computing, while a call that waits that long is held up by instances waiting on something else (I/O, a
   * backoff), and then gets its own instance, as on SCF.
   */
  instancesAtOnce?: number;
  /** how long a queued call waits for a busy instance before starting one past `instancesAtOnce`; default 1000 ms */
  scaleAfterMs?: number;
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
  /** how far a function can scale: its memory size and the instances the budget (and any cap) allows it at most */
  capacity(name: string): InstanceCapacity;
  /** how many instances start at once before a queued call waits for a busy one to free */
  scaling(): InstanceScaling;
  /** kills every instance */
  close(): Promise<void>;
}

/** how instances scale past the machine's cores: FunctionRunnerOptions.instancesAtOnce and scaleAfterMs */
export interface InstanceScaling {
  /** undefined: no such bound, every queued call starts an instance within the budget */
  instancesAtOnce: number | undefined;
  scaleAfterMs: number;
}

export interface InstanceCapacity {
  memoryMb: number;
  memoryBudgetMb: number;
  maxInstances: number;
}

const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,60}$/;
/**
 * all instances together: 16 of SCF's default 256 MB, as many as 16 callers at once need, so that calls waiting on
 * the emulator's disk syncs do not hold up the others (each instance's real resident memory is a fraction of it)
 */
export const DEFAULT_MEMORY_BUDGET_MB = 4096;
/** SCF's default memory size of a function (MB), when cloudbaserc.json sets none */
export const DEFAULT_FUNCTION_MEMORY_MB = 256;
/** FunctionRunnerOptions.scaleAfterMs's default: longer than a call waits behind computing instances on a busy machine (hundreds of ms), as long as a CloudBase QPS backoff (≥ 1 s) */
export const DEFAULT_SCALE_AFTER_MS = 1000;

interface Pool {
  instances: FunctionInstance[];
  starting: number;
  waiters: (() => void)[];
}

/**
 * Runs cloud functions as deployed: each in its own child process (never in the emulator), kept
 * warm between calls like SCF, one call at a time per instance, more instances as calls queue, within a memory budget.
 */
export function createFunctionRunner(options: FunctionRunnerOptions): FunctionRunner {
  const functionsDir = resolve(options.functionsDir);
  const timeoutOf = (name: string) =>
    options.timeoutMs ?? (options.cloudbasercPath ? readFunctionTimeoutMs(options.cloudbasercPath, name) : undefined) ?? 20_000;
  const memoryBudgetMb = options.memoryBudgetMb ?? DEFAULT_MEMORY_BUDGET_MB;
  const scaling: InstanceScaling = { instancesAtOnce: options.instancesAtOnce, scaleAfterMs: options.scaleAfterMs ?? DEFAULT_SCALE_AFTER_MS };
  const perFunctionCap = options.maxInstancesPerFunction ?? Number.POSITIVE_INFINITY;
  const memoryOf = (name: string) =>
    (options.cloudbasercPath ? readFunctionMemoryMb(options.cloudbasercPath, name) : undefined) ?? DEFAULT_FUNCTION_MEMORY_MB;
  const capacity = (name: string): InstanceCapacity => {
    const memoryMb = memoryOf(name);
    // one instance always fits: a function larger than the budget still runs, one call at a time
    const byMemory = Math.max(1, Math.floor(memoryBudgetMb / memoryMb));
    return { memoryMb, memoryBudgetMb, maxInstances: Math.min(byMemory, perFunctionCap) };
  };
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
  /** until an instance of the pool frees (or memory does), or `ms` passed; a timed-out waiter leaves the queue */
  const waitForInstance = (pool: Pool, ms = Number.POSITIVE_INFINITY) =>
    new Promise<void>((done) => {
      const wake = () => {
        clearTimeout(timer);
        done();
      };
      const timer =
        ms === Number.POSITIVE_INFINITY
          ? undefined
          : setTimeout(() => {
              pool.waiters = pool.waiters.filter((w) => w !== wake);
              done();
            }, Math.max(0, ms));
      pool.waiters.push(wake);
    });
  /** instances serving a call or starting for one, of all functions: what shares the cores (idle ones do not) */
  const busyCount = () => {
    let total = 0;
    for (const pool of pools.values()) total += pool.instances.filter((i) => i.alive && i.busy).length + pool.starting;
    return total;
  };
  /** memory freed by an exit may let a waiting call of any function start an instance */
  const wakeAll = () => {
    for (const pool of pools.values()) pool.waiters.splice(0).forEach((wake) => wake());
  };
  const occupiedMb = () => {
    let total = 0;
    for (const [name, pool] of pools) total += (pool.instances.filter((i) => i.alive).length + pool.starting) * memoryOf(name);
    return total;
  };
  /** frees room in the budget by stopping idle instances of other functions, least recently used first */
  const reclaimIdle = (forName: string, neededMb: number): boolean => {
    const idle = [...pools.entries()]
      .filter(([name]) => name !== forName)
      .flatMap(([name, pool]) => pool.instances.filter((i) => i.alive && !i.busy).map((instance) => ({ name, instance })))
      .sort((a, b) => a.instance.lastUsed - b.instance.lastUsed);
    let free = memoryBudgetMb - occupiedMb();
    for (const { name, instance } of idle) {
      if (free >= neededMb) break;
      instance.kill();
      free += memoryOf(name);
    }
    return free >= neededMb;
  };
  /** whether a call of `name` that found no idle instance may start another one now */
  const mayStart = (name: string, pool: Pool): boolean => {
    const count = pool.instances.filter((i) => i.alive).length + pool.starting;
    if (count >= capacity(name).maxInstances) return false;
    const neededMb = memoryOf(name);
    if (occupiedMb() + neededMb <= memoryBudgetMb || reclaimIdle(name, neededMb)) return true;
    // a function larger than the whole budget still runs, alone and one call at a time
    return count === 0 && occupiedMb() === 0;
  };

  async function acquire(name: string, file: string, version: number): Promise<FunctionInstance> {
    const pool = poolOf(name);
    const queuedAt = Date.now();
    for (;;) {
      if (closed) throw new InstanceFailure('the emulator is shutting down', false);
      // A rebuilt bundle must not be served by instances that loaded the old one.
      for (const stale of pool.instances.filter((i) => i.version !== version && !i.busy)) stale.kill();
      // Past instancesAtOnce busy instances (of all functions), a call first gives the busy ones scaleAfterMs to free
      // one, even with idle instances at hand: more at work than the cores keep busy only adds CPU per call. A call
      // held up longer is waiting on instances that wait (I/O, a backoff), and goes on; past the bound one instance
      // starts at a time, so cold starts (which compute) do not set off more starts. A function none of whose
      // instances is busy is never held back.
      const ownBusy = pool.instances.filter((i) => i.alive && i.busy).length + pool.starting;
      const pastBound = scaling.instancesAtOnce !== undefined && ownBusy > 0 && busyCount() >= scaling.instancesAtOnce;
      const waitedMs = Date.now() - queuedAt;
      const heldBack = pastBound && waitedMs < scaling.scaleAfterMs;
      // the most recently used idle instance: when fewer calls come than there are instances, the same few stay hot
      // (compiled, cached) and the others stay idle, first in line to be reclaimed
      const idle = heldBack
        ? undefined
        : pool.instances
            .filter((i) => !i.busy && i.alive && i.version === version)
            .reduce<FunctionInstance | undefined>((best, i) => (!best || i.lastUsed > best.lastUsed ? i : best), undefined);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      const oneStartAtATime = pastBound && pool.starting > 0;
      if (!heldBack && !oneStartAtATime && mayStart(name, pool)) {
        pool.starting += 1;
        let started = false;
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
            wakeAll();
          });
          started = true;
          return instance;
        } finally {
          pool.starting -= 1;
          // a call waiting on this start tries for itself (and reports its own failure) rather than wait for nothing;
          // past instancesAtOnce, the next waiting call may start the next instance
          if (!started || scaling.instancesAtOnce !== undefined) wakeOne(pool);
        }
      }
      await waitForInstance(pool, heldBack ? scaling.scaleAfterMs - waitedMs : undefined);
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
      const timeoutMs = timeoutOf(name);
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
          memory_limit_in_mb: memoryOf(name),
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
        instance.lastUsed = Date.now();
        wakeOne(poolOf(name));
        // a call of another function may be waiting for this idle instance's memory
        for (const [other, pool] of pools) if (other !== name) wakeOne(pool);
      }
    },
    capacity,
    scaling: () => ({ ...scaling }),
    instances: () => [...pools.entries()].flatMap(([name, pool]) => pool.instances.map((i) => ({ name, busy: i.busy }))),
    async close() {
      closed = true;
      const all = [...pools.values()];
      for (const pool of all) pool.waiters.splice(0).forEach((wake) => wake());
      await Promise.all(all.flatMap((pool) => pool.instances.map((i) => i.stop())));
    },
  };
}
