import { formatTable, statsTable } from './admin-cli';

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
