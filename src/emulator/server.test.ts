import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmulator } from './server';
import { blockedConnections, FIXTURE_FUNCTIONS, startTestEmulator } from './testing/test-emulator';

describe('createEmulator', () => {
  it('refuses a non-loopback host', async () => {
    await expect(createEmulator({ host: '0.0.0.0', port: 0, inMemory: true })).rejects.toThrow(/only listens on loopback/);
  });

  it('reads the appid from project.config.json and generates a secret when none is given', async () => {
    const rootDir = mkdtempSync(join(tmpdir(), 'wxacode-emu-root-'));
    const saved = process.env.WX_APPSECRET;
    const savedAppid = process.env.WX_APPID;
    delete process.env.WX_APPSECRET;
    delete process.env.WX_APPID;
    try {
      require('node:fs').writeFileSync(join(rootDir, 'project.config.json'), JSON.stringify({ appid: 'wxfromproject0001' }));
      const emu = await createEmulator({ port: 0, inMemory: true, rootDir, functionsDir: FIXTURE_FUNCTIONS });
      try {
        expect(emu.appid).toBe('wxfromproject0001');
        expect(emu.appSecretGenerated).toBe(true);
        expect(emu.appSecret).toMatch(/^[0-9a-f]{32}$/);
        expect(emu.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      } finally {
        await emu.close();
      }
    } finally {
      if (saved !== undefined) process.env.WX_APPSECRET = saved;
      if (savedAppid !== undefined) process.env.WX_APPID = savedAppid;
      rmSync(rootDir, { recursive: true, force: true });
    }
  });

  describe('WX_APPID', () => {
    const saved = process.env.WX_APPID;
    afterEach(() => {
      if (saved === undefined) delete process.env.WX_APPID;
      else process.env.WX_APPID = saved;
    });

    it("sets the appid over project.config.json's, and WeChat's token endpoint takes it", async () => {
      const rootDir = mkdtempSync(join(tmpdir(), 'wxacode-emu-root-'));
      require('node:fs').writeFileSync(join(rootDir, 'project.config.json'), JSON.stringify({ appid: 'wxfromproject0001' }));
      process.env.WX_APPID = 'wxfromenvironment1';
      const emu = await createEmulator({ port: 0, inMemory: true, rootDir, functionsDir: FIXTURE_FUNCTIONS, appSecret: 's3cret' });
      try {
        expect(emu.appid).toBe('wxfromenvironment1');
        const token = async (appid: string) =>
          (await (await fetch(`${emu.url}/cgi-bin/token?grant_type=client_credential&appid=${appid}&secret=s3cret`)).json()) as Record<string, unknown>;
        expect(await token('wxfromenvironment1')).toMatchObject({ access_token: expect.any(String) });
        expect(await token('wxfromproject0001')).toMatchObject({ errcode: 40013 });
      } finally {
        await emu.close();
        rmSync(rootDir, { recursive: true, force: true });
      }
    });

    it('an appid option still wins over WX_APPID', async () => {
      process.env.WX_APPID = 'wxfromenvironment1';
      const emu = await createEmulator({ port: 0, inMemory: true, appid: 'wxfromtheoption01', functionsDir: FIXTURE_FUNCTIONS });
      try {
        expect(emu.appid).toBe('wxfromtheoption01');
      } finally {
        await emu.close();
      }
    });

    it('a malformed WX_APPID is refused with a message naming the variable', async () => {
      process.env.WX_APPID = 'my-app';
      await expect(createEmulator({ port: 0, inMemory: true, functionsDir: FIXTURE_FUNCTIONS })).rejects.toThrow(
        /^WX_APPID must be a mini program AppID: "wx" and 16 letters or digits.*got "my-app"/,
      );
    });
  });

  it('wires the simulated WeChat service behind cloud.openapi', async () => {
    const emu = await startTestEmulator({
      wechat: undefined,
      appJsonPath: join(__dirname, '__fixtures__', 'miniprogram', 'app.json'),
    });
    try {
      const ok = await emu.sdk('getUnlimited', { params: { scene: 'a=1', page: 'pages/index/index' } });
      expect(ok.errMsg).toBe('openapi.wxacode.getUnlimited:ok');
      expect(['image/jpeg', 'image/png']).toContain(ok.contentType);
      expect(Buffer.from(ok.bytes, 'base64').length).toBeGreaterThan(100);
      const bad = await emu.sdk('getUnlimited', { params: { scene: 'a=1', page: 'pages/not/declared' } });
      expect(bad).toMatchObject({ failed: true, errCode: 41030 });
      expect(emu.wechat.calls().map((c) => c.errcode)).toEqual([0, 41030]);
      expect(blockedConnections(emu.functionLogs)).toEqual([]);
    } finally {
      await emu.dispose();
    }
  });

  it('serves the WeChat HTTPS API on the same port with its appid and secret', async () => {
    const emu = await startTestEmulator({ appid: 'wxHttpsTest000001', appSecret: 'https-secret' });
    try {
      const bad = (await (await fetch(`${emu.url}/cgi-bin/token?grant_type=client_credential&appid=wxHttpsTest000001&secret=wrong`)).json()) as {
        errcode?: number;
      };
      expect(bad.errcode).toEqual(expect.any(Number));
      expect(bad.errcode).not.toBe(0);
      const good = (await (await fetch(`${emu.url}/cgi-bin/token?grant_type=client_credential&appid=wxHttpsTest000001&secret=https-secret`)).json()) as {
        access_token?: string;
      };
      expect(good.access_token).toEqual(expect.any(String));
      const res = await fetch(`${emu.url}/wxa/getwxacodeunlimit?access_token=${good.access_token}`, {
        method: 'POST',
        body: JSON.stringify({ scene: 'a=1' }),
      });
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(emu.wechat.calls()).toMatchObject([{ api: 'wxacode.getUnlimited', via: 'https', params: { scene: 'a=1' } }]);
    } finally {
      await emu.dispose();
    }
  });

  it('runs a plain script with the real SDK using functionEnvironment()', async () => {
    const emu = await startTestEmulator();
    try {
      const { execFile } = await import('node:child_process');
      const { promisify } = await import('node:util');
      const script = `
        const cloud = require('wx-server-sdk');
        cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
        cloud.database().createCollection('fromScript')
          .then(() => cloud.database().collection('fromScript').count())
          .then((r) => console.log(JSON.stringify({ total: r.total, ctx: cloud.getWXContext() })));
      `;
      // async: the emulator answering the script lives in this process
      const { stdout: out } = await promisify(execFile)(process.execPath, ['--require', join(__dirname, 'runner', 'loopback-guard.js'), '-e', script], {
        cwd: __dirname,
        env: { PATH: process.env.PATH ?? '', ...emu.functionEnvironment({ openid: 'oScript', appid: emu.appid }) },
        encoding: 'utf8',
      });
      expect(JSON.parse(out.trim().split('\n').pop()!)).toEqual({
        total: 0,
        ctx: { OPENID: 'oScript', APPID: emu.appid, ENV: emu.envId },
      });
    } finally {
      await emu.dispose();
    }
  });
});
