import { startFunctionsEmulator } from '../../src/e2e/functions-emulator';
import { httpJson } from '../../src/e2e/loopback-http';

/**
 * What the issue that set the request targets measured before any cut (commit 1133c3f, the built bundles with the
 * real SDK through a counting proxy): CloudBase requests an operation sends, its invocation and upload not included.
 */
export const REQUESTS_BEFORE_CUTS: Record<string, number> = {
  'a stored code again (cache hit)': 2,
  'a new code, mini program user': 9,
  'a new code, trusted caller': 7,
  'a new code from sceneData (stored form)': 16,
  wxacodeResolveScene: 1,
};

export interface OperationCost {
  operation: string;
  /** CloudBase requests the function's process sent (its invocation and object upload not included) */
  requests: number;
  before?: number;
  byAction: Record<string, number>;
}

const USER = 'oBenchRequests00000000000001';

/**
 * Each operation once on a warm instance (the SDK loaded, the bucket and the scene secret known), counted by the
 * emulator's meter (GET /_emulator/usage): deterministic, so the numbers are the same on any machine.
 */
export async function benchRequests(log: (line: string) => void): Promise<OperationCost[]> {
  const emu = await startFunctionsEmulator({ emulator: { maxInstancesPerFunction: 1 } });
  try {
    await emu.result('wxacodeGetUnlimited', { scene: 'warm=1' }, USER);
    await emu.result('wxacodeGetUnlimited', { sceneData: { warm: 1 }, sceneMode: 'stored' }, USER);
    await emu.result('wxacodeGetUnlimited', { sceneData: { warm: 2 }, sceneMode: 'stored' }, USER);
    const trusted = (name: string, data: unknown) => httpJson(`${emu.url}/callFunction`, { method: 'POST', headers: { 'x-wx-caller': 'trusted' }, body: { name, data } });
    let storedScene = '';
    const operations: [string, () => Promise<unknown>][] = [
      ['a new code, mini program user', () => emu.result('wxacodeGetUnlimited', { scene: 'bench=1' }, USER)],
      ['a stored code again (cache hit)', () => emu.result('wxacodeGetUnlimited', { scene: 'bench=1' }, USER)],
      ['a new code, trusted caller', () => trusted('wxacodeGetUnlimited', { scene: 'bench=2' })],
      ['a new code from sceneData (stored form)', async () => (storedScene = (await emu.result('wxacodeGetUnlimited', { sceneData: { shop: '北京朝阳店', table: 7 }, sceneMode: 'stored' }, USER)).scene)],
      ['the same sceneData again', () => emu.result('wxacodeGetUnlimited', { sceneData: { shop: '北京朝阳店', table: 7 }, sceneMode: 'stored' }, USER)],
      ['wxacodeResolveScene', () => emu.result('wxacodeResolveScene', { scene: storedScene }, USER)],
    ];
    const costs: OperationCost[] = [];
    for (const [operation, run] of operations) {
      const before = await emu.usage();
      await run();
      const after = await emu.usage();
      const byAction: Record<string, number> = {};
      for (const [action, count] of Object.entries(after.byAction)) {
        const added = count - (before.byAction[action] ?? 0);
        // the invocation itself and the object's bytes are reported beside, not as the function's requests
        if (added > 0 && !['callFunction', 'cos.put', 'cos.get'].includes(action)) byAction[action] = added;
      }
      const requests = Object.values(byAction).reduce((a, b) => a + b, 0);
      costs.push({ operation, requests, before: REQUESTS_BEFORE_CUTS[operation], byAction });
    }
    log('operation                                   before  now   what they are (besides the invocation and the upload)');
    for (const c of costs) {
      log(`${c.operation.padEnd(44)}${String(c.before ?? '-').padStart(6)}${String(c.requests).padStart(5)}   ${Object.entries(c.byAction).map(([a, n]) => `${a} ×${n}`).join(', ')}`);
    }
    return costs;
  } finally {
    await emu.dispose();
  }
}

if (require.main === module) {
  benchRequests(console.log).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
