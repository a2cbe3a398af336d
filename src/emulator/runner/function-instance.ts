import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface InstanceStartOptions {
  functionName: string;
  functionFile: string;
  bootstrapFile: string;
  /** the whole environment of the child: nothing of the emulator's own leaks in */
  env: Record<string, string>;
  /** node flags, e.g. --require for the loopback guard */
  execArgv: string[];
  onLog: (stream: 'stdout' | 'stderr', line: string) => void;
}

export interface InvokeMessage {
  type: 'invoke';
  id: string;
  event: unknown;
  context: Record<string, unknown>;
  env: Record<string, string>;
  clearKeys: readonly string[];
}

export type ChildReply =
  | { type: 'result'; id: string; ok: true; json: string }
  | { type: 'result'; id: string; ok: false; error: { name: string; message: string; stack?: string }; loadFailed: boolean };

/** Why an invocation got no reply from the function itself. */
export class InstanceFailure extends Error {
  constructor(
    message: string,
    readonly timedOut: boolean,
  ) {
    super(message);
  }
}

/** One warm SCF-like instance: a child process running bootstrap.js, serving one call at a time. */
export class FunctionInstance {
  busy = false;
  /** when its last call ended (epoch ms): the least recently used idle instance is reclaimed first */
  lastUsed = Date.now();
  private exited = false;
  /** set on kill(), before the exit event arrives, so a dying instance is never handed out again */
  private retired = false;
  private pending: { resolve: (r: ChildReply) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | undefined;
  private exitListeners: (() => void)[] = [];

  private constructor(
    private readonly child: ChildProcess,
    readonly version: number,
  ) {
    child.on('message', (msg: ChildReply) => {
      if (msg?.type !== 'result' || !this.pending) return;
      const { resolve, timer } = this.pending;
      this.pending = undefined;
      clearTimeout(timer);
      resolve(msg);
    });
    child.on('error', () => undefined); // spawn errors are reported by start(); later ones end in 'exit'
    child.on('exit', (code, signal) => {
      this.exited = true;
      if (this.pending) {
        const { reject, timer } = this.pending;
        this.pending = undefined;
        clearTimeout(timer);
        reject(new InstanceFailure(`function instance exited (${signal ?? `code ${code}`}) before returning`, false));
      }
      for (const listener of this.exitListeners) listener();
    });
  }

  get alive(): boolean {
    return !this.exited && !this.retired;
  }

  static start(options: InstanceStartOptions, version: number): Promise<FunctionInstance> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...options.execArgv, options.bootstrapFile, options.functionFile], {
        env: options.env,
        cwd: undefined,
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      });
      for (const stream of ['stdout', 'stderr'] as const) {
        createInterface({ input: child[stream]! }).on('line', (line) => options.onLog(stream, line));
      }
      const instance = new FunctionInstance(child, version);
      const onEarlyExit = (code: number | null) =>
        reject(new InstanceFailure(`function ${options.functionName} failed to start (exit code ${code})`, false));
      child.once('error', (err) => reject(new InstanceFailure(`cannot start function ${options.functionName}: ${err.message}`, false)));
      child.once('exit', onEarlyExit);
      child.once('message', (msg: { type?: string }) => {
        child.off('exit', onEarlyExit);
        if (msg?.type === 'ready') resolve(instance);
        else reject(new InstanceFailure(`function ${options.functionName} sent ${JSON.stringify(msg)} instead of ready`, false));
      });
    });
  }

  onExit(listener: () => void): void {
    this.exitListeners.push(listener);
  }

  /** Resolves with the function's reply; a timeout kills the instance, as SCF does. */
  invoke(message: InvokeMessage, timeoutMs: number): Promise<ChildReply> {
    if (this.pending) return Promise.reject(new Error('instance is busy'));
    if (!this.alive) return Promise.reject(new InstanceFailure('function instance is gone', false));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(new InstanceFailure(`Invoking task timed out after ${timeoutMs / 1000} seconds`, true));
        this.kill();
      }, timeoutMs);
      this.pending = { resolve, reject, timer };
      const unsent = (why: string) => {
        clearTimeout(timer);
        this.pending = undefined;
        reject(new InstanceFailure(why, false));
      };
      try {
        this.child.send(message, (err) => {
          if (err && this.pending) unsent(`cannot reach function instance: ${err.message}`);
        });
      } catch (err) {
        // serialization throws synchronously (e.g. a stack overflow on a deeply nested event): nothing reached the
        // instance, so it stays idle and usable rather than "busy" until the timeout kills it
        unsent(`cannot send the event to the function: ${(err as Error).message}`);
      }
    });
  }

  kill(): void {
    this.retired = true;
    if (!this.exited) this.child.kill('SIGKILL');
  }

  /** resolves once the process is gone */
  async stop(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.onExit(resolve));
    this.kill();
    await gone;
  }
}
