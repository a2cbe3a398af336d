import { invalidParam } from '../gateway/tcb-error';
import { BinaryReply, type AdminActions, type AdminRequest } from '../gateway/types';
import { MAX_EVENT_DEPTH, nestingDepth } from '../runner/event-limits';
import type { WechatService } from '../wechat/types';
import { decodeCommApiData, encodeCommOpenApiResp } from './openapi-codec';

/**
 * Any content-type except exactly `application/json; charset=utf-8` makes node-sdk decode the body
 * as CommOpenApiResp (§3.3).
 */
const PROTOBUF_CONTENT_TYPE = 'application/octet-stream';
/** what WeChat labels its JSON error bodies with; the SDK matches /application\/json/ inside CommOpenApiResp */
const WECHAT_JSON = 'application/json; charset=UTF-8';

/** `wx.openApi`: cloud calls (`cloud.openapi.wxacode.*`) forwarded to the simulated WeChat service. */
export function openApiActions(wechat: WechatService): AdminActions {
  return {
    'wx.openApi': async ({ params, binaryParts }: AdminRequest) => {
      const apiName = params.apiName;
      if (typeof apiName !== 'string' || apiName === '') throw invalidParam('wx.openApi needs an "apiName" part');
      const requestData = binaryParts.requestData;
      if (!requestData) throw invalidParam('wx.openApi needs a binary "requestData" part (protobuf CommApiData)');
      let decoded;
      try {
        decoded = decodeCommApiData(requestData);
      } catch (err) {
        throw invalidParam(`requestData is not a valid CommApiData: ${(err as Error).message}`);
      }
      if (decoded.apiType !== 'OPEN_API') {
        throw invalidParam(`apiType ${decoded.apiType} is not emulated; only OPEN_API cloud calls are (got apiName ${apiName})`);
      }
      const snakeParams: Record<string, unknown> = {};
      for (const pair of decoded.pairs) {
        if (pair.filename) throw invalidParam(`media parameter "${pair.key}" is not supported by the emulated WeChat APIs`);
        try {
          snakeParams[pair.key] = JSON.parse(pair.value.toString('utf8'));
        } catch {
          throw invalidParam(`value of "${pair.key}" is not JSON`);
        }
      }
      // as the gateway refuses such an event before any function: nothing this deep can be logged or shown again
      if (nestingDepth(snakeParams, MAX_EVENT_DEPTH + 1) > MAX_EVENT_DEPTH) {
        throw invalidParam(`requestData is nested more than ${MAX_EVENT_DEPTH} levels deep; WeChat's parameters are flat JSON`);
      }
      const reply = await wechat.call(apiName, snakeParams, 'cloud');
      const resp = reply.ok
        ? { respData: reply.buffer, contentType: reply.contentType }
        : { respData: Buffer.from(JSON.stringify({ errcode: reply.errcode, errmsg: reply.errmsg })), contentType: WECHAT_JSON };
      return new BinaryReply(encodeCommOpenApiResp(resp), PROTOBUF_CONTENT_TYPE);
    },
  };
}
