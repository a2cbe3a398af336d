import { createFaultController } from '../wechat/faults';
import type { WechatCall, WechatReply, WechatService } from '../wechat/types';

/** A deterministic PNG-ish payload per call so tests can check bytes round-trip. */
export function fakeImage(params: Record<string, unknown>): Buffer {
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.from(JSON.stringify(params))]);
}

/**
 * Stand-in for the simulated WeChat in gateway tests: answers an image for known wxacode APIs,
 * 48001 for others, and `errcode` from params.force_errcode when given.
 */
export function createFakeWechat(): WechatService {
  const log: WechatCall[] = [];
  const known = new Set(['wxacode.get', 'wxacode.createQRCode', 'wxacode.getUnlimited']);
  return {
    async call(api, params, via) {
      let reply: WechatReply;
      if (!known.has(api)) reply = { ok: false, errcode: 48001, errmsg: `api unauthorized rid: fake-${api}` };
      else if (typeof params.force_errcode === 'number') reply = { ok: false, errcode: params.force_errcode, errmsg: 'forced rid: fake' };
      else reply = { ok: true, contentType: 'image/png', buffer: fakeImage(params) };
      log.push({ api, params, via, at: Date.now(), errcode: reply.ok ? 0 : reply.errcode });
      return reply;
    },
    calls: () => log,
    reset: () => {
      log.length = 0;
    },
    // the real controller: the fake stands in for WeChat's answers, not for how faults are checked
    faults: createFaultController(),
  };
}
