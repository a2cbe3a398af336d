import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURE_FUNCTIONS } from '../testing/test-emulator';
import { functionEnvironment } from './function-environment';
import { createFunctionRunner, type FunctionRunner, type FunctionRunnerOptions, type InvocationResult } from './function-runner';

const runners: FunctionRunner[] = [];
const logs: string[] = [];
function makeRunner(overrides: Partial<FunctionRunnerOptions> = {}): FunctionRunner {
  const runner = createFunctionRunner({
    functionsDir: FIXTURE_FUNCTIONS,
    // never contacted: these fixtures make no SDK calls
    environment: functionEnvironment({ adminUrl: 'http://127.0.0.1:9/admin', envId: 'test-env-1a2b' }),
    loopbackGuard: true,
    onLog: (name, stream, line) => logs.push(`[${name}:${stream}] ${line}`),
    ...overrides,
  });
  runners.push(runner);
  return runner;
}
afterAll(async () => {
  await Promise.all(runners.map((r) => r.close()));
});

function ok(outcome: InvocationResult): any {
  if (outcome.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(outcome)}`);
  return outcome.result;
}

describe('function runner', () => {
  it('keeps an instance warm between calls', async () => {
    const runner = makeRunner();
    const first = ok(await runner.invoke('slow', { ms: 0 }));
    const second = ok(await runner.invoke('slow', { ms: 0 }));
    expect(second.pid).toBe(first.pid);
    expect(first.pid).not.toBe(process.pid);
  });

  it('starts another instance when all are busy, up to the cap', async () => {
    const two = makeRunner({ maxInstancesPerFunction: 2 });
    const [a, b] = (await Promise.all([two.invoke('slow', { ms: 200 }), two.invoke('slow', { ms: 200 })])).map(ok);
    expect(a.pid).not.toBe(b.pid);

    const one = makeRunner({ maxInstancesPerFunction: 1 });
    const [c, d] = (await Promise.all([one.invoke('slow', { ms: 100 }), one.invoke('slow', { ms: 100 })])).map(ok);
    expect(c.pid).toBe(d.pid);
    expect(one.instances()).toHaveLength(1);
  });

  describe('scaling with demand, within a memory budget', () => {
    let dir: string;
    let gate: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'wxacode-scale-'));
      gate = join(dir, 'open');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    /** waits (counting, not timing) until `done` holds; the bound only keeps a broken runner from hanging the suite */
    async function until(done: () => boolean): Promise<void> {
      for (let i = 0; i < 1500 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
      expect(done()).toBe(true);
    }
    const busy = (runner: FunctionRunner, name: string) => runner.instances().filter((i) => i.name === name && i.busy).length;

    it('starts more than 4 instances while calls queue, and never more than the budget holds', async () => {
      // 1536 MB of 256 MB instances (no memorySize in any cloudbaserc.json): 6
      const runner = makeRunner({ memoryBudgetMb: 1536 });
      expect(runner.capacity('gate')).toEqual({ memoryMb: 256, memoryBudgetMb: 1536, maxInstances: 6 });
      const calls = Array.from({ length: 10 }, () => runner.invoke('gate', { gate }));
      await until(() => busy(runner, 'gate') === 6);
      // the 4 calls left wait for a free instance instead of starting a seventh
      await new Promise((r) => setImmediate(r));
      expect(runner.instances()).toHaveLength(6);
      writeFileSync(gate, '');
      const pids = new Set((await Promise.all(calls)).map((outcome) => ok(outcome).pid));
      expect(pids.size).toBe(6);
      expect(runner.instances()).toHaveLength(6);
    });

    it("counts each instance at its function's memorySize from cloudbaserc.json", async () => {
      const rc = join(dir, 'cloudbaserc.json');
      writeFileSync(rc, JSON.stringify({ functions: [{ name: 'gate', memorySize: 512 }] }));
      const runner = makeRunner({ memoryBudgetMb: 1536, cloudbasercPath: rc });
      expect(runner.capacity('gate')).toEqual({ memoryMb: 512, memoryBudgetMb: 1536, maxInstances: 3 });
      expect(runner.capacity('echo')).toEqual({ memoryMb: 256, memoryBudgetMb: 1536, maxInstances: 6 });
      const calls = Array.from({ length: 5 }, () => runner.invoke('gate', { gate }));
      await until(() => busy(runner, 'gate') === 3);
      writeFileSync(gate, '');
      const pids = new Set((await Promise.all(calls)).map((outcome) => ok(outcome).pid));
      expect(pids.size).toBe(3);
    });

    it("stops another function's idle instance when the budget is full, as SCF reclaims idle ones", async () => {
      const runner = makeRunner({ memoryBudgetMb: 512 });
      const calls = [runner.invoke('gate', { gate }), runner.invoke('gate', { gate })];
      await until(() => busy(runner, 'gate') === 2);
      writeFileSync(gate, '');
      await Promise.all(calls);
      // two idle gate instances fill the budget; echo takes the place of one
      ok(await runner.invoke('echo', {}));
      await until(() => runner.instances().length === 2);
      expect(runner.instances().map((i) => i.name).sort()).toEqual(['echo', 'gate']);
    });

    it('past instancesAtOnce busy instances, a queued call waits for one of them rather than start another', async () => {
      // scaleAfterMs far beyond the test: the two calls left are served by the two instances once they free
      const runner = makeRunner({ memoryBudgetMb: 4096, instancesAtOnce: 2, scaleAfterMs: 600_000 });
      expect(runner.scaling()).toEqual({ instancesAtOnce: 2, scaleAfterMs: 600_000 });
      const calls = Array.from({ length: 4 }, () => runner.invoke('gate', { gate }));
      await until(() => busy(runner, 'gate') === 2);
      await new Promise((r) => setImmediate(r));
      expect(runner.instances()).toHaveLength(2);
      writeFileSync(gate, '');
      expect(new Set((await Promise.all(calls)).map((outcome) => ok(outcome).pid)).size).toBe(2);
      expect(runner.instances()).toHaveLength(2);
    });

    it('a call held up scaleAfterMs by busy instances (waiting, not computing) starts its own, within the budget', async () => {
      const runner = makeRunner({ memoryBudgetMb: 1536, instancesAtOnce: 2, scaleAfterMs: 20 });
      const calls = Array.from({ length: 8 }, () => runner.invoke('gate', { gate }));
      // as many as the budget holds (6), as without the bound, only later
      await until(() => busy(runner, 'gate') === 6);
      writeFileSync(gate, '');
      expect(new Set((await Promise.all(calls)).map((outcome) => ok(outcome).pid)).size).toBe(6);
    });

    it('keeps an explicit cap per function below what the budget allows', async () => {
      const runner = makeRunner({ memoryBudgetMb: 4096, maxInstancesPerFunction: 2 });
      expect(runner.capacity('gate')).toEqual({ memoryMb: 256, memoryBudgetMb: 4096, maxInstances: 2 });
      const calls = Array.from({ length: 4 }, () => runner.invoke('gate', { gate }));
      await until(() => busy(runner, 'gate') === 2);
      writeFileSync(gate, '');
      expect(new Set((await Promise.all(calls)).map((outcome) => ok(outcome).pid)).size).toBe(2);
    });
  });

  it('gives each call its own caller identity, with nothing left from the previous one', async () => {
    const runner = makeRunner({ maxInstancesPerFunction: 1 });
    const alice = ok(await runner.invoke('echo', { hi: 1 }, { openid: 'oAlice', appid: 'wxA', source: 'wx_client' }));
    expect(alice.wxContext).toEqual({ OPENID: 'oAlice', APPID: 'wxA', ENV: 'test-env-1a2b', SOURCE: 'wx_client' });
    expect(alice.event).toEqual({ hi: 1 });
    const anonymous = ok(await runner.invoke('echo', {}, { appid: 'wxA' }));
    expect(anonymous.pid).toBe(alice.pid);
    expect(anonymous.wxContext).toEqual({ APPID: 'wxA', ENV: 'test-env-1a2b' });
  });

  it('reports a throwing function as failed and keeps serving', async () => {
    const runner = makeRunner();
    const outcome = await runner.invoke('throws', { why: 'bad input' });
    expect(outcome).toMatchObject({ status: 'failed', errorMessage: 'Error: boom: bad input', timedOut: false });
    expect(ok(await runner.invoke('slow', {})).pid).toEqual(expect.any(Number));
  });

  it('reports a bundle without main', async () => {
    const outcome = await makeRunner().invoke('broken', {});
    expect(outcome).toMatchObject({ status: 'failed', errorMessage: expect.stringContaining('does not export main(event, context)') });
  });

  it('kills an instance that exceeds the timeout and starts a fresh one next time', async () => {
    const runner = makeRunner({ timeoutMs: 300, maxInstancesPerFunction: 1 });
    const before = ok(await runner.invoke('slow', { ms: 0 }));
    const outcome = await runner.invoke('slow', { ms: 60_000 });
    expect(outcome).toMatchObject({ status: 'failed', timedOut: true, errorMessage: 'Invoking task timed out after 0.3 seconds' });
    const after = ok(await runner.invoke('slow', { ms: 0 }));
    expect(after.pid).not.toBe(before.pid);
    expect(() => process.kill(before.pid, 0)).toThrow();
  });

  it("gives each function its own timeout from cloudbaserc.json, as deployed, and tells it in time_limit_in_ms", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxacode-rc-'));
    try {
      const rc = join(dir, 'cloudbaserc.json');
      writeFileSync(rc, JSON.stringify({ functions: [{ name: 'slow', timeout: 0.3 }, { name: 'echo', timeout: 300 }] }));
      const runner = makeRunner({ cloudbasercPath: rc, maxInstancesPerFunction: 1 });
      const outcome = await runner.invoke('slow', { ms: 60_000 });
      expect(outcome).toMatchObject({ status: 'failed', timedOut: true, errorMessage: 'Invoking task timed out after 0.3 seconds' });
      expect(ok(await runner.invoke('echo', {})).timeLimitMs).toBe(300_000);
      // an explicit timeout for every function (a test's) still wins
      expect(ok(await makeRunner({ cloudbasercPath: rc, timeoutMs: 5000 }).invoke('echo', {})).timeLimitMs).toBe(5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says where it looked for an unknown function, and refuses names that are paths', async () => {
    const runner = makeRunner();
    const outcome = await runner.invoke('nope', {});
    expect(outcome).toMatchObject({ status: 'not-found' });
    expect(outcome.status === 'not-found' && outcome.message).toContain(FIXTURE_FUNCTIONS);
    expect(await runner.invoke('../functions/echo', {})).toMatchObject({ status: 'not-found' });
  });

  it("passes the function's envVariables from cloudbaserc.json", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wxacode-rc-'));
    try {
      const rc = join(dir, 'cloudbaserc.json');
      writeFileSync(rc, JSON.stringify({ functions: [{ name: 'echo', envVariables: { FIXTURE_GREETING: 'hello', TCB_ENV: 'hijack' } }] }));
      const result = ok(await makeRunner({ cloudbasercPath: rc }).invoke('echo', {}));
      expect(result.env).toEqual({ FIXTURE_GREETING: 'hello', TCB_ENV: 'test-env-1a2b' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('blocks connections off the loopback when the guard is on', async () => {
    const result = ok(await makeRunner().invoke('egress', {}));
    expect(result).toMatchObject({ blocked: true, code: 'ELOOPBACKGUARD' });
    // the guard's line comes through the instance's stderr, which may be read after its reply arrived over IPC
    const guardLine = () => logs.some((l) => l.includes('BLOCKED connect to 10.255.255.1:80'));
    for (let waited = 0; !guardLine() && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    expect(guardLine()).toBe(true);
  });

  it('kills its instances on close', async () => {
    const runner = makeRunner();
    const { pid } = ok(await runner.invoke('slow', {}));
    await runner.close();
    expect(runner.instances()).toEqual([]);
    expect(() => process.kill(pid, 0)).toThrow();
    expect(await runner.invoke('slow', {})).toMatchObject({ status: 'failed', errorMessage: expect.stringContaining('shutting down') });
  });
});
