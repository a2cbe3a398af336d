import { strFromU8, unzipSync } from 'fflate';
import { readSheet } from 'read-excel-file/node';
import type { ManifestRow } from '../core/batch/contract';
import { MANIFEST_COLUMNS, manifestCsv } from '../core/batch/files/manifest';
import { manifestXlsx } from './manifest-xlsx';

/** manifest.xlsx read back by a workbook reader (read-excel-file): every value exact, every cell text, no formula. */
const row = (over: Partial<ManifestRow>): ManifestRow => ({ label: 'A-01', scene: '@jd4ONGbq1', sceneMode: 'stored', fileID: 'cloud://env-1.656e-env-1/wxacode/ab.jpg', status: 'made', errCode: 0, errMsg: '', ...over });

const rows: ManifestRow[] = [
  row({}),
  row({ label: '=1+1', scene: '=HYPERLINK(1)', sceneMode: 'raw' }),
  row({ label: '+cmd', scene: '+86-10', sceneMode: 'raw' }),
  row({ label: '-2+3', scene: '-1', sceneMode: 'raw' }),
  row({ label: '@SUM(1)', scene: '@SUM(1,2)', sceneMode: 'stored' }),
  row({ label: '大厅-01号桌-448 / 068-t', scene: 't=1&s=北京', sceneMode: 'inline' }),
  row({ label: '0012', scene: '0012', sceneMode: 'raw', status: 'failed', errCode: -700201, errMsg: 'errCode: -700201 | errMsg: "scene" too long', fileID: '' }),
  row({ label: '1E5', scene: '1e5', sceneMode: 'raw' }),
];

describe('manifest.xlsx', () => {
  it('reads back exactly: every scene (those starting with @ = + - too), label, fileID and errCode, as text', async () => {
    const back = (await readSheet(await manifestXlsx(rows))) as unknown[][];
    expect(back[0]).toEqual([...MANIFEST_COLUMNS]);
    const expected = rows.map((r) => MANIFEST_COLUMNS.map((column) => String(r[column])));
    // an empty text cell reads back as null, which is what an empty cell is
    expect(back.slice(1).map((cells) => cells.map((cell) => (cell === null ? '' : cell)))).toEqual(expected);
    expect(back.slice(1).map((cells) => cells[1])).toEqual(rows.map((r) => r.scene));
    for (const cells of back) for (const cell of cells) expect(cell === null || typeof cell === 'string').toBe(true);
  });

  it('holds nothing an office program evaluates: no formula element, every filled cell a shared-string or inline text cell', async () => {
    const sheet = strFromU8(unzipSync(new Uint8Array(await manifestXlsx(rows)))['xl/worksheets/sheet1.xml']!);
    expect(sheet).not.toMatch(/<f[ >]/);
    const cells = [...sheet.matchAll(/<c ([^>]*?)(\/>|>)/g)].map((m) => m[1]!);
    const filled = cells.filter((attributes) => !/^r="[A-Z]+\d+"( s="\d+")?$/.test(attributes.trim()));
    expect(filled.length).toBe((rows.length + 1) * MANIFEST_COLUMNS.length - rows.filter((r) => r.errMsg === '').length - rows.filter((r) => r.fileID === '').length);
    for (const attributes of filled) expect(attributes).toMatch(/t="(s|inlineStr)"/);
  });

  it('while the CSV, for people, keeps the quote before a formula trigger (labels and scenes alike; fileIDs never start with one)', () => {
    const csv = manifestCsv(rows);
    expect(csv).toContain("'@jd4ONGbq1");
    expect(csv).toContain("'=HYPERLINK(1)");
    expect(csv).toContain(',cloud://env-1.656e-env-1/wxacode/ab.jpg,');
  });
});
