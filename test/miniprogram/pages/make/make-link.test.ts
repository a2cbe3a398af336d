import { installMiniProgramGlobals, instantiate, loadModule, type Runtime } from '../../support/mini-program-globals';
import type { MakePageOptions } from '../../../../miniprogram/pages/make/make-page';

let runtime: Runtime;

function openMakePage() {
  loadModule(() => require('../../../../miniprogram/pages/make/make'));
  return instantiate(runtime.pages[runtime.pages.length - 1] as unknown as MakePageOptions);
}

const REPLIES: Record<string, Record<string, unknown>> = {
  wxacodeUrlLink: { urlLink: 'https://wxaurl.cn/AbC123', expiresAt: '2027-01-06T04:00:00.000Z', cached: false, query: 'scene=x' },
  wxacodeUrlScheme: { openlink: 'weixin://dl/business/?t=AbC123', expiresAt: '2027-01-06T04:00:00.000Z', cached: true, query: 'scene=x' },
  wxacodeShortLink: { link: '#小程序://示例/页面/AbC123', permanent: false, pageUrl: 'pages/index/index?scene=x', expiresAt: '2027-01-06T04:00:00.000Z', cached: false, query: 'scene=x' },
};

beforeEach(() => {
  runtime = installMiniProgramGlobals();
  runtime.wx.cloud.callFunction.mockImplementation(async ({ name }) => ({ result: { errCode: 0, errMsg: 'ok', ...REPLIES[name] } }));
});

describe('make page: links', () => {
  it.each([
    [0, 'wxacodeUrlLink', { path: 'pages/index/index' }, 'https://wxaurl.cn/AbC123'],
    [1, 'wxacodeUrlScheme', { path: 'pages/index/index' }, 'weixin://dl/business/?t=AbC123'],
    [2, 'wxacodeShortLink', { page: 'pages/index/index' }, '#小程序://示例/页面/AbC123'],
  ])('kind %i calls %s with the page and queryData and shows the link and its expiry', async (index, name, target, link) => {
    const page = openMakePage();
    page.onLinkKindChange({ detail: { value: index }, currentTarget: { dataset: {} } });
    await page.makeLink();
    expect(runtime.wx.cloud.callFunction).toHaveBeenLastCalledWith({ name, data: { ...target, queryData: { from: 'sms', campaign: '双12' } } });
    expect(page.data.linkResult).toEqual({ link, expiresAt: '2027-01-06T04:00:00.000Z', cached: name === 'wxacodeUrlScheme' });
    page.copyLink();
    expect(runtime.wx.setClipboardData).toHaveBeenCalledWith({ data: link });
  });

  it("shows the function's refusal", async () => {
    runtime.wx.cloud.callFunction.mockImplementation(async () => ({ result: { errCode: 40165, errMsg: 'path: must not carry a query' } }));
    const page = openMakePage();
    page.onInput({ detail: { value: 'pages/index/index?a=1' }, currentTarget: { dataset: { field: 'linkPage' } } });
    await page.makeLink();
    expect(page.data.linkError).toEqual({ errCode: 40165, errMsg: 'path: must not carry a query' });
    expect(page.data.linkResult).toBeNull();
  });

  it('refuses queryData that is not JSON without calling', async () => {
    const page = openMakePage();
    page.onInput({ detail: { value: '{from: sms}' }, currentTarget: { dataset: { field: 'linkQueryDataText' } } });
    await page.makeLink();
    expect(page.data.linkError).toMatchObject({ errCode: 40097, errMsg: expect.stringMatching(/^queryData: is not valid JSON/) });
    expect(runtime.wx.cloud.callFunction).not.toHaveBeenCalled();
  });
});
