/** The deployable cloud functions: one entry here, one folder in cloudfunctions/, one esbuild bundle. */
export interface FunctionSpec {
  name: string;
  /** openapi permissions its config.json grants, exactly */
  openapi: readonly string[];
  description: string;
  /** for HTTP-triggered functions: the HTTP access service path `tcb fn deploy --path` creates */
  httpPath?: string;
}

export const FUNCTIONS: readonly FunctionSpec[] = [
  { name: 'wxacodeGet', openapi: ['wxacode.get'], description: 'wxacode.get, validated and cached' },
  { name: 'wxacodeCreateQRCode', openapi: ['wxacode.createQRCode'], description: 'wxacode.createQRCode, validated and cached' },
  { name: 'wxacodeGetUnlimited', openapi: ['wxacode.getUnlimited'], description: 'wxacode.getUnlimited, validated and cached' },
  { name: 'wxacodeResolveScene', openapi: [], description: 'scene (inline or stored) → the sceneData it carries' },
  { name: 'wxacodeHousekeeping', openapi: [], description: 'hourly timer: drops expired rate-limit windows, scene payloads and raw entries past their retention' },
  {
    name: 'weappQrcode',
    openapi: ['wxacode.getUnlimited'],
    description: 'HTTP endpoint POST /api/weapp/qrcode {path, scene} → image URL, behind bearer tokens',
    httpPath: '/api/weapp/qrcode',
  },
  {
    name: 'wxacodeBatch',
    openapi: ['wxacode.getUnlimited', 'wxacode.get', 'wxacode.createQRCode', 'urllink.generate', 'urlscheme.generate', 'urlscheme.generateNFCScheme', 'shortlink.generate'],
    description: 'batch pre-generation at the rate limit: submit / status / cancel / retryFailed / results; hourly timer restarts stalled jobs',
    httpPath: '/api/wxacode/batch',
  },
  {
    name: 'wxacodeAdmin',
    openapi: [],
    description: 'staff actions after the print: stats of entries by code, 活码 (update / disable / enable / history), entryOf',
    httpPath: '/api/wxacode/admin',
  },
  { name: 'wxacodeUrlLink', openapi: ['urllink.generate', 'urllink.query'], description: 'urllink.generate (URL Link), validated, cached until it expires, counted against the daily cap; {action: "query"}' },
  {
    name: 'wxacodeUrlScheme',
    openapi: ['urlscheme.generate', 'urlscheme.generateNFCScheme', 'urlscheme.query'],
    description: 'urlscheme.generate / generateNFCScheme (URL Scheme), validated, cached until it expires, counted against the daily cap; {action: "query"}',
  },
  { name: 'wxacodeShortLink', openapi: ['shortlink.generate'], description: 'shortlink.generate (Short Link), validated, cached until it expires; permanent ones made once, admins only' },
];
