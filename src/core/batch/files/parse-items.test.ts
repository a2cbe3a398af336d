import { FILE_PROBLEM_INDEX, parseItemsText } from './parse-items';

describe('parseItemsText: CSV', () => {
  it('reads label, scene, parameter and typed sceneData columns, and keeps the line each item starts on', () => {
    const csv = [
      '\ufefflabel,scene,page,width,isHyaline,lineColor',
      'A1,table=1,pages/index/index,430,false,"0,128,255"',
      '',
      '"B 2",table=2,,,TRUE,#ff0000',
      '"多行\n标签",table=3,,,,',
      'D4,table=4,,,,',
    ].join('\r\n');
    const { items, problems, lines } = parseItemsText(csv, 'csv');
    expect(problems).toEqual([]);
    expect(items).toEqual([
      { label: 'A1', scene: 'table=1', page: 'pages/index/index', width: 430, isHyaline: false, lineColor: { r: 0, g: 128, b: 255 } },
      { label: 'B 2', scene: 'table=2', isHyaline: true, lineColor: { r: 255, g: 0, b: 0 } },
      { label: '多行\n标签', scene: 'table=3' },
      { label: 'D4', scene: 'table=4' },
    ]);
    // the blank line 3 still counts; the quoted cell spans lines 5-6
    expect(lines).toEqual([2, 4, 5, 7]);
  });

  it('makes every other column a sceneData field: strings unless the header says :number or :boolean', () => {
    const csv = 'label,shop,table:number,vip:boolean,note:string\n桌1,北京店,12,true,007\n桌2,上海店,3.5,false,\n';
    const { items, problems } = parseItemsText(csv, 'csv');
    expect(problems).toEqual([]);
    expect(items).toEqual([
      { label: '桌1', sceneData: { shop: '北京店', table: 12, vip: true, note: '007' } },
      { label: '桌2', sceneData: { shop: '上海店', table: 3.5, vip: false } },
    ]);
  });

  it('names the line, field, rule and value of every cell that does not fit its column', () => {
    const csv = ['label,scene,width,autoColor,lineColor,count:number', 'ok,a=1,430,false,#000000,1', 'bad,a=2,wide,yes,"1,2",x', 'short,a=3'].join('\n');
    const { items, problems } = parseItemsText(csv, 'csv');
    expect(items).toHaveLength(3);
    expect(problems.map(({ index, line, label, field }) => ({ index, line, label, field }))).toEqual([
      { index: 1, line: 3, label: 'bad', field: 'width' },
      { index: 1, line: 3, label: 'bad', field: 'autoColor' },
      { index: 1, line: 3, label: 'bad', field: 'lineColor' },
      { index: 1, line: 3, label: 'bad', field: 'sceneData.count' },
      { index: 2, line: 4, label: 'short', field: 'row' },
    ]);
    expect(problems[0].errMsg).toBe('width: must be a number; received string "wide"');
    expect(problems[1].errMsg).toBe('autoColor: must be true or false; received string "yes"');
    expect(problems[2].errMsg).toMatch(/^lineColor: must be a color; received string "1,2"\. Write it as "r,g,b"/);
    expect(problems[3].errMsg).toBe('sceneData.count: must be a number (the header says count:number); received string "x"');
    expect(problems[4].errMsg).toMatch(/^row: must have 6 cells like the header .*; received string "2 cells"/);
    expect(problems.every((p) => p.errCode === 40097)).toBe(true);
  });

  it('refuses a header without label first, with repeated or misspelt columns, on line 1', () => {
    const first = parseItemsText('scene,label\na,b\n', 'csv');
    expect(first.items).toEqual([]);
    expect(first.problems).toEqual([
      expect.objectContaining({ index: FILE_PROBLEM_INDEX, line: 1, field: 'header column 1', errMsg: expect.stringContaining('must be "label"') }),
    ]);
    const misspelt = parseItemsText('label,scene,is_hyaline,Width,scene\nA,a=1,true,430,x\n', 'csv');
    expect(misspelt.problems.map((p) => [p.line, p.field, p.errMsg.split(';')[0]])).toEqual([
      [1, 'header column 3', 'header column 3: is not a parameter name'],
      [1, 'header column 4', 'header column 4: is not a parameter name'],
      [1, 'header column 5', 'header column 5: must not repeat a column name'],
    ]);
    expect(misspelt.problems[0].errMsg).toContain('Did you mean isHyaline?');
    expect(parseItemsText('label,shop:date\n', 'csv').problems[0].errMsg).toContain('optionally with :string, :number or :boolean');
    expect(parseItemsText('', 'csv').problems[0]).toMatchObject({ line: 1, field: 'header' });
  });

  it('reports broken quoting with its line and what to do', () => {
    const { items, problems } = parseItemsText('label,scene\nA,a=1\nB,"a"x\n', 'csv');
    expect(items).toEqual([]);
    expect(problems).toEqual([expect.objectContaining({ index: FILE_PROBLEM_INDEX, line: 3, field: 'file' })]);
    expect(problems[0].errMsg).toMatch(/^file: is not valid CSV: .*Quote cells that hold commas/);
  });
});

describe('parseItemsText: JSON', () => {
  it('takes an array of items or {items: [...]} and reports non-objects by index', () => {
    const items = [{ label: 'A', scene: 'a=1' }, { label: 'B', sceneData: { id: 2 } }];
    expect(parseItemsText(JSON.stringify(items), 'json')).toEqual({ items, problems: [] });
    expect(parseItemsText(JSON.stringify({ items }), 'json')).toEqual({ items, problems: [] });
    const bad = parseItemsText('[{"label":"A"}, 42]', 'json');
    expect(bad.problems).toEqual([expect.objectContaining({ index: 1, field: 'items[1]', errMsg: 'items[1]: must be an object with a label; received number 42' })]);
  });

  it('reports a syntax error and refuses unknown top-level keys', () => {
    const broken = parseItemsText('[\n{"label": "A"},\n{"label": }\n]', 'json');
    expect(broken.items).toEqual([]);
    expect(broken.problems).toEqual([expect.objectContaining({ index: FILE_PROBLEM_INDEX, field: 'file', errMsg: expect.stringMatching(/^file: is not valid JSON: .*Give an array of items/) })]);
    expect(parseItemsText('[{"label": "A"}', 'json').problems[0].line).toBe(1);
    const extra = parseItemsText('{"items": [], "jobs": 1}', 'json');
    expect(extra.problems[0]).toMatchObject({ field: 'jobs', errMsg: expect.stringContaining('The file takes {"items": [...]}') });
  });
});
