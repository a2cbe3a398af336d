import protobuf from 'protobufjs';
import { emulatorAsset } from '../assets';

/** The wire schema of wx.openApi, loaded once from openapi.proto (wire-identical to the SDK's codecs). */
let root: protobuf.Root | undefined;
function schema(): protobuf.Root {
  root ??= protobuf.loadSync(emulatorAsset('openapi/openapi.proto'));
  return root;
}

export const API_TYPES = ['OPEN_API', 'INNER_API', 'SVRKIT_API', 'TOKEN_API'] as const;

export interface DecodedCommApiData {
  apiType: (typeof API_TYPES)[number] | number;
  appid: string;
  pairs: { key: string; value: Buffer; filename: string }[];
}

export function decodeCommApiData(bytes: Buffer): DecodedCommApiData {
  const type = schema().lookupType('CommApiData');
  const message = type.decode(bytes);
  const plain = type.toObject(message, { defaults: true }) as {
    apiType: number;
    appid: string;
    openapiData?: { pairs?: { key: string; value: Buffer | Uint8Array; filename: string }[] };
  };
  return {
    apiType: API_TYPES[plain.apiType] ?? plain.apiType,
    appid: plain.appid,
    pairs: (plain.openapiData?.pairs ?? []).map((p) => ({ key: p.key, value: Buffer.from(p.value), filename: p.filename })),
  };
}

export interface CommOpenApiResp {
  respData: Buffer;
  contentType: string;
  errorCode?: number;
  httpCode?: number;
}

export function encodeCommOpenApiResp(resp: CommOpenApiResp): Buffer {
  const type = schema().lookupType('CommOpenApiResp');
  return Buffer.from(type.encode(type.fromObject({ errorCode: 0, httpCode: 200, ...resp })).finish());
}

/** for tests and tools that play the SDK's part */
export function encodeCommApiData(pairs: Record<string, unknown>, appid?: string): Buffer {
  const type = schema().lookupType('CommApiData');
  const message = type.fromObject({
    apiType: 0,
    appid,
    openapiData: {
      pairs: Object.entries(pairs).map(([key, value]) => ({ key, value: Buffer.from(JSON.stringify(value)) })),
    },
  });
  return Buffer.from(type.encode(message).finish());
}

export function decodeCommOpenApiResp(bytes: Buffer): CommOpenApiResp {
  const type = schema().lookupType('CommOpenApiResp');
  const plain = type.toObject(type.decode(bytes), { defaults: true }) as {
    respData: Uint8Array;
    contentType: string;
    errorCode: number;
    httpCode: number;
  };
  return { ...plain, respData: Buffer.from(plain.respData) };
}
