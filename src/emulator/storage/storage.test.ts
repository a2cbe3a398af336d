import { blockedConnections, startTestEmulator, type TestEmulator } from '../testing/test-emulator';

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.dispose());
afterEach(() => expect(blockedConnections(emu.functionLogs)).toEqual([]));

const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x10, 0x80]);

describe('cloud storage through the real wx-server-sdk', () => {
  it('uploads, serves a temp URL with the content type, downloads the same bytes, and deletes', async () => {
    const cloudPath = 'qr/测试 a+b.png';
    const uploaded = await emu.sdk('upload', { cloudPath, base64: bytes.toString('base64') });
    expect(uploaded.errMsg).toBe('uploadFile:ok');
    expect(uploaded.fileID).toBe(`cloud://${emu.envId}.7778-${emu.envId}-1250000000/${cloudPath}`);

    const temp = await emu.sdk('tempUrls', { fileList: [{ fileID: uploaded.fileID, maxAge: 120 }] });
    expect(temp.errMsg).toBe('getTempFileURL:ok');
    expect(temp.fileList[0]).toMatchObject({ fileID: uploaded.fileID, status: 0, errMsg: 'ok', maxAge: 120 });
    const url: string = temp.fileList[0].tempFileURL;
    expect(url.startsWith(`${emu.url}/`)).toBe(true);
    expect(encodeURI(url)).toBe(url); // the SDK runs encodeURI on it before downloading
    const served = await fetch(url);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(bytes);

    const downloaded = await emu.sdk('download', { fileID: uploaded.fileID });
    expect(downloaded).toMatchObject({ statusCode: 200, errMsg: 'downloadFile:ok' });
    expect(Buffer.from(downloaded.base64, 'base64')).toEqual(bytes);

    const removed = await emu.sdk('remove', { fileList: [uploaded.fileID, uploaded.fileID] });
    expect(removed.errMsg).toBe('deleteFile:ok');
    expect(removed.fileList).toEqual([
      { fileID: uploaded.fileID, status: 0, errMsg: 'ok' },
      { fileID: uploaded.fileID, status: -503003, errMsg: 'storage file not exists' },
    ]);
    expect((await fetch(url)).status).toBe(404);
  });

  it('reports a missing file per item in getTempFileURL and fails downloadFile', async () => {
    const missing = `cloud://${emu.envId}.7778-${emu.envId}-1250000000/nope.png`;
    const temp = await emu.sdk('tempUrls', { fileList: [missing] });
    expect(temp.fileList).toEqual([{ fileID: missing, status: -503003, errMsg: 'storage file not exists', tempFileURL: '' }]);
    const download = await emu.sdk('download', { fileID: missing });
    expect(download.failed).toBe(true);
    expect(download.errMsg).toContain('downloadFile:fail storage file not exist');
  });

  it('refuses a cloudPath starting with "/" with a clear error', async () => {
    const res = await emu.sdk('upload', { cloudPath: '/abs.png', base64: 'AA==' });
    expect(res.failed).toBe(true);
    expect(res.errMsg).toContain('cloudPath must not start with "/"');
  });

  it('rejects a tampered temp URL', async () => {
    const uploaded = await emu.sdk('upload', { cloudPath: 'x/y.png', base64: bytes.toString('base64') });
    const temp = await emu.sdk('tempUrls', { fileList: [uploaded.fileID] });
    const url: string = temp.fileList[0].tempFileURL;
    const tampered = url.slice(0, -3) + (url.endsWith('AAA') ? 'BBB' : 'AAA');
    const res = await fetch(tampered);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>AccessDenied</Code>');
  });
});
