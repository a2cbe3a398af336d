/** The three WeChat APIs this toolkit wraps, by their cloud-call names (`cloud.openapi.wxacode.*`). */
export type WxacodeApi = 'wxacode.get' | 'wxacode.createQRCode' | 'wxacode.getUnlimited';

export const WXACODE_APIS: readonly WxacodeApi[] = ['wxacode.get', 'wxacode.createQRCode', 'wxacode.getUnlimited'];

export type EnvVersion = 'release' | 'trial' | 'develop';

export interface LineColor {
  r: number;
  g: number;
  b: number;
}

/** What a caller may pass: camelCase, as cloud calls take them. Optional fields get WeChat's documented defaults. */
export interface GetParams {
  path: string;
  width?: number;
  autoColor?: boolean;
  lineColor?: LineColor;
  isHyaline?: boolean;
  envVersion?: EnvVersion;
}

export interface CreateQRCodeParams {
  path: string;
  width?: number;
}

export interface GetUnlimitedParams {
  scene: string;
  /** omitted: the mini program's home page */
  page?: string;
  checkPath?: boolean;
  envVersion?: EnvVersion;
  width?: number;
  autoColor?: boolean;
  lineColor?: LineColor;
  isHyaline?: boolean;
}

export interface ParamsByApi {
  'wxacode.get': GetParams;
  'wxacode.createQRCode': CreateQRCodeParams;
  'wxacode.getUnlimited': GetUnlimitedParams;
}

/** A request after validation, with every default applied: the unit of caching and of a WeChat call. */
export type NormalizedParams<A extends WxacodeApi> = A extends 'wxacode.getUnlimited'
  ? Required<Omit<GetUnlimitedParams, 'page'>> & { page?: string }
  : Required<ParamsByApi[A]>;

export type CodeRequest = {
  [A in WxacodeApi]: { api: A; params: NormalizedParams<A> };
}[WxacodeApi];

/** What WeChat hands back on success. */
export interface CodeImage {
  contentType: string;
  buffer: Buffer;
}
