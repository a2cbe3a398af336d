import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import writeXlsxFile from 'write-excel-file/node';
import { readAndCheckInput } from './input-file';

/**
 * Excel workbooks as teams keep their lists, written by a spreadsheet library (write-excel-file), read by the CLI:
 * number and boolean cells keep their type, empty rows are skipped, a formula is its cached value.
 */
async function workbook(): Promise<Buffer> {
  const buffer = await writeXlsxFile([
    { sheet: '说明', data: [['这一页是说明，桌号在下一页']] },
    {
      sheet: '桌号',
      data: [
        ['label', 'table', 'shop', 'vip', 'width', 'note:string'],
        ['A-01', 1, '北京朝阳店', true, 430, 12],
        [],
        [null, null, null, null, null, null],
        ['牡丹厅', 2.5, '牡丹', false, null, 'x'],
        ['T3', { type: 'Formula', value: '1+2' }, '𠀀店', null, null, null],
      ],
    },
  ]).toBuffer();
  // what Excel saves with a formula: its value as last calculated (<v>), which is what a reader takes
  const files = unzipSync(buffer);
  const name = 'xl/worksheets/sheet2.xml';
  files[name] = strToU8(strFromU8(files[name]).replace('<f>1+2</f>', '<f>1+2</f><v>3</v>'));
  return Buffer.from(zipSync(files));
}

describe('an Excel workbook as the items file', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'wxacode-xlsx-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is read by its sheet name: typed cells, empty rows skipped, a formula as its cached value', async () => {
    const file = join(dir, 'tables.xlsx');
    writeFileSync(file, await workbook());
    const input = await readAndCheckInput(file, { api: 'getUnlimited', skipInvalid: false, sheetName: '桌号' });
    expect(input).toMatchObject({ readAs: 'xlsx', format: 'json', labels: ['A-01', '牡丹厅', 'T3'], skipped: [] });
    // uploaded as the items it holds
    expect(JSON.parse(input.text)).toEqual([
      { label: 'A-01', width: 430, sceneData: { table: 1, shop: '北京朝阳店', vip: true, note: '12' } },
      { label: '牡丹厅', sceneData: { table: 2.5, shop: '牡丹', vip: false, note: 'x' } },
      { label: 'T3', sceneData: { table: 3, shop: '𠀀店' } },
    ]);
    expect(input.fieldsByLabel.get('A-01')).toMatchObject({ shop: '北京朝阳店', table: 1, width: 430 });
  });

  it('names the sheets when the one asked for is missing, and the row of a bad cell', async () => {
    const file = join(dir, 'tables.xlsx');
    writeFileSync(file, await workbook());
    await expect(readAndCheckInput(file, { api: 'getUnlimited', skipInvalid: false, sheetName: '菜单' })).rejects.toThrow(
      '--sheet-name: tables.xlsx has no sheet named "菜单"; its sheets are: 说明, 桌号',
    );
    // the first sheet is the notes: its header is not "label"
    await expect(readAndCheckInput(file, { api: 'getUnlimited', skipInvalid: false })).rejects.toThrow(/tables\.xlsx:row 1: header column 1: must be "label"/);
    const bad = join(dir, 'bad.xlsx');
    writeFileSync(bad, await writeXlsxFile([['label', 'scene', 'width'], ['A', 't=1', 99]]).toBuffer());
    await expect(readAndCheckInput(bad, { api: 'getUnlimited', skipInvalid: false })).rejects.toThrow(/bad\.xlsx:row 2 \(A\): width: must be an integer number of pixels from 280 to 1280; received number 99/);
    const notXlsx = join(dir, 'not.xlsx');
    writeFileSync(notXlsx, 'label\nA\n');
    await expect(readAndCheckInput(notXlsx, { api: 'getUnlimited', skipInvalid: false })).rejects.toThrow(/not\.xlsx: cannot be read as an Excel workbook \(\.xlsx\).*另存为|not\.xlsx: cannot be read as an Excel workbook/);
    writeFileSync(join(dir, 'old.xls'), '');
    await expect(readAndCheckInput(join(dir, 'old.xls'), { api: 'getUnlimited', skipInvalid: false })).rejects.toThrow(/old\.xls: the old \.xls format is not read; .*Excel 工作簿 \(\*\.xlsx\)/);
  });
});
