import { parse as parseCsv } from 'csv-parse/sync';
import { unzipSync, strFromU8 } from 'fflate';
import type { ManifestRow } from '../contract';
import { manifestCsv, manifestJson } from './manifest';
import { buildZip } from './zip';

const rows: ManifestRow[] = [
  { label: '桌1', scene: 'id=!1', sceneMode: 'inline', fileID: 'cloud://env/wxacode/a.jpg', status: 'made', errCode: 0, errMsg: '' },
  { label: 'B, "quoted"', scene: 'table=2', sceneMode: 'raw', fileID: '', status: 'failed', errCode: 45009, errMsg: 'rate limit,\nretry' },
];

describe('manifest', () => {
  it('CSV: a BOM for Excel, a header, and cells that read back as written', () => {
    const csv = manifestCsv(rows);
    expect(csv.startsWith('\ufefflabel,scene,sceneMode,fileID,status,errCode,errMsg\r\n')).toBe(true);
    const back = parseCsv(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(back).toEqual(rows.map((row) => ({ ...row, errCode: String(row.errCode) })));
  });

  it('CSV: a text cell a spreadsheet would evaluate is neutralized with a quote (OWASP); JSON keeps the exact text', () => {
    const labels = ['=1+1', '+cmd', '@SUM(1)', '-2+3', '\tA', '\rB', "'quoted", 'A=1', '桌-1'];
    const risky: ManifestRow[] = labels.map((label, at) => ({ label, scene: at === 0 ? '=HYPERLINK("x")' : `t=${at}`, sceneMode: 'raw', fileID: '', status: 'failed', errCode: -700201, errMsg: '' }));
    const back = parseCsv(manifestCsv(risky), { bom: true, columns: true }) as Record<string, string>[];
    expect(back.map((row) => row.label)).toEqual(["'=1+1", "'+cmd", "'@SUM(1)", "'-2+3", "'\tA", "'\rB", "'quoted", 'A=1', '桌-1']);
    expect(back[0].scene).toBe('\'=HYPERLINK("x")');
    // errCode is a number the toolkit writes, not text: as it is
    expect(back.every((row) => row.errCode === '-700201')).toBe(true);
    expect((JSON.parse(manifestJson(risky)) as ManifestRow[]).map((row) => row.label)).toEqual(labels);
  });

  it('JSON: the rows, one per line, only the manifest columns', () => {
    const json = manifestJson(rows.map((row) => ({ ...row, tempFileURL: 'http://x' }) as ManifestRow));
    expect(JSON.parse(json)).toEqual(rows);
    expect(json.split('\n')).toHaveLength(rows.length + 3);
    expect(manifestJson([])).toBe('[]\n');
  });
});

describe('buildZip', () => {
  it('stores the images under their names, Chinese names included, and refuses a repeated name', async () => {
    const zip = await buildZip([
      { name: '桌1.jpg', data: new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]) },
      { name: 'A2.png', data: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
    ]);
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['A2.png', '桌1.jpg']);
    expect(Array.from(files['桌1.jpg'])).toEqual([0xff, 0xd8, 0xff, 1, 2, 3]);
    // the same entries give the same bytes: no clock inside
    expect(strFromU8(await buildZip([{ name: 'a', data: new Uint8Array([1]) }]), true)).toBe(strFromU8(await buildZip([{ name: 'a', data: new Uint8Array([1]) }]), true));
    await expect(buildZip([{ name: 'a.jpg', data: new Uint8Array() }, { name: 'a.jpg', data: new Uint8Array() }])).rejects.toThrow('two entries are named "a.jpg"');
  });
});
