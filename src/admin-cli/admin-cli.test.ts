import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeJobState } from '../batch-cli/job-state';
import { formatTable, runStats, statsTable } from './admin-cli';

describe('stats table in the terminal', () => {
  it('lines up columns under Chinese labels and 场景值 headers (a Chinese character is two columns wide)', () => {
    const table = statsTable([
      { scene: '@vJTvSphj-kTVMoAAakuK3A', label: '桌1', entries: 2, users: 2, newUsers: 1, bySceneValue: { 1047: 1, 1048: 1 }, byDay: { '2026-12-07': 2 } },
      { scene: '@PSPAGHXmBAmkXQfi1ubbjQ', label: 'table 12', entries: 1, users: 1, newUsers: 1, bySceneValue: { 1047: 1 }, byDay: { '2026-12-07': 1 } },
    ]);
    // "桌1" is 4 columns on screen, "场景值 1047" 11: the numbers end under the ends of their headers
    expect(formatTable(table).split('\n')).toEqual([
      'label     scene                    entries  users  newUsers  场景值 1047  场景值 1048  2026-12-07',
      '桌1       @vJTvSphj-kTVMoAAakuK3A        2      2         1            1            1           2',
      'table 12  @PSPAGHXmBAmkXQfi1ubbjQ        1      1         1            1            0           1',
    ]);
  });
});

describe('a job the environment does not know', () => {
  it('says to check --target (the CLI, not the user, named the job)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'wxacode-stats-'));
    writeJobState(out, { jobKey: 'k', jobId: 'job_gone', target: 'http://127.0.0.1:1', input: join(out, 'tables.csv') });
    const server = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errCode: -700203, errMsg: 'jobId: "job_gone": no made code found. Check the jobId' }));
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const stderr: string[] = [];
    try {
      const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const code = await runStats([join(out, 'tables.csv'), '--out', out, '--target', target, '--token', 't'], { stdout: () => {}, stderr: (t) => stderr.push(t), env: {} });
      expect(code).toBe(1);
      expect(stderr.join('')).toMatch(/errCode -700203: .*\nThe job remembered beside the items file is not in the environment asked: pass the --target \(and --token\) the batch ran against/);
    } finally {
      server.close();
      rmSync(out, { recursive: true, force: true });
    }
  });
});
