/**
 * @jest-environment jsdom
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import simulate from 'miniprogram-simulate';
import { handleLinkEvent } from '../../../../src/core/links/handle-link-event';
import { memoryLinks } from '../../../../src/core/testing/memory-links';
import { installMiniProgramGlobals, type Runtime } from '../../support/mini-program-globals';
import type { MakePageOptions } from '../../../../miniprogram/pages/make/make-page';

/**
 * The sample's make page, rendered by miniprogram-simulate from its own make.wxml: the link section makes each kind of
 * link through the link functions' own core (over memory adapters) and shows the link, its expiry, or the refusal.
 */

const TEMPLATE = readFileSync(join(__dirname, '../../../../miniprogram/pages/make/make.wxml'), 'utf8');
const KIND = { wxacodeUrlLink: 'urlLink', wxacodeUrlScheme: 'urlScheme', wxacodeShortLink: 'shortLink' } as const;
let runtime: Runtime;
let links: ReturnType<typeof memoryLinks>;

function openMakePage() {
  let options: MakePageOptions | undefined;
  jest.isolateModules(() => {
    options = (require('../../../../miniprogram/pages/make/make-page') as typeof import('../../../../miniprogram/pages/make/make-page')).createMakePage();
  });
  const { data, ...methods } = options as MakePageOptions;
  const page = simulate.render(simulate.load({ template: TEMPLATE, data, methods: methods as unknown as Record<string, (...args: any[]) => any> }));
  page.attach((globalThis as unknown as { document: { createElement(tag: string): never } }).document.createElement('parent-wrapper'));
  return { page, instance: page.instance as unknown as { makeLink(): Promise<void>; onLinkKindChange(e: unknown): void; onInput(e: unknown): void } };
}

const text = (page: ReturnType<typeof openMakePage>['page'], selector: string) => page.querySelector(selector)?.dom?.textContent?.trim();

beforeEach(() => {
  runtime = installMiniProgramGlobals();
  links = memoryLinks();
  runtime.wx.cloud.callFunction.mockImplementation(async ({ name, data }) => ({
    result: name in KIND ? await handleLinkEvent(KIND[name as keyof typeof KIND], data, links.service, { scenes: links.scenes, now: links.clock.now }) : { errCode: -1, errMsg: name },
  }));
});

it.each([
  [0, /^https:\/\/wxaurl\.cn\/T000001$/],
  [1, /^weixin:\/\/dl\/business\/\?t=T000001$/],
  [2, /^#小程序:\/\/示例\/页面\/T000001$/],
])('link kind %i: the link made and its expiry on the page', async (kind, shape) => {
  const { page, instance } = openMakePage();
  instance.onLinkKindChange({ detail: { value: kind }, currentTarget: { dataset: {} } });
  await instance.makeLink();
  expect(text(page, '.link')).toMatch(shape);
  expect(text(page, '.link-state')).toBe('newly made · expires 2027-01-06T04:00:00.000Z · tap to copy');
  expect(links.maker.calls).toHaveLength(1);
  await instance.makeLink();
  expect(text(page, '.link-state')).toMatch(/^from cache/);
  expect(links.maker.calls).toHaveLength(1);
});

it("a page that carries a query shows the function's refusal, and nothing is made", async () => {
  const { page, instance } = openMakePage();
  instance.onInput({ detail: { value: 'pages/index/index?a=1' }, currentTarget: { dataset: { field: 'linkPage' } } });
  await instance.makeLink();
  expect(text(page, '.link-error .title')).toBe('errCode 40165');
  expect(text(page, '.link')).toBeUndefined();
  expect(links.maker.calls).toHaveLength(0);
});
