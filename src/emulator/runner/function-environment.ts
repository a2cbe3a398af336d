/** Who called the function: what wx.cloud.callFunction would pass as the user's identity. */
export interface CallerIdentity {
  openid?: string;
  appid?: string;
  unionid?: string;
  clientIp?: string;
  /** TCB_SOURCE, e.g. `wx_client` for a mini program, `wx_devtools`, `scf` for function-to-function */
  source?: string;
}

export interface FunctionEnvironmentOptions {
  /** the emulator's admin endpoint, e.g. http://127.0.0.1:8787/admin (no query string, §1.2) */
  adminUrl: string;
  envId: string;
  region?: string;
  /** when given, the per-invocation identity variables are included too */
  caller?: CallerIdentity;
}

const FUNCTION_SECRET_PREFIX = 'emulator-fn-';

/**
 * The SecretId a function's processes sign their CloudBase requests with. node-sdk puts it in every request's
 * `Authorization: TC3-HMAC-SHA256 Credential=<SecretId>/<date>/tcb/tc3_request, …`, so the emulator can tell which
 * function sent a request (as CloudBase tells environments and roles apart by their credentials).
 */
export function functionSecretId(functionName: string): string {
  return `${FUNCTION_SECRET_PREFIX}${functionName}`;
}

/** The function whose credentials signed a request, from its Authorization header; undefined for any other client. */
export function callerFunctionOf(authorization: string | undefined): string | undefined {
  const secretId = /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
  return secretId?.startsWith(FUNCTION_SECRET_PREFIX) ? secretId.slice(FUNCTION_SECRET_PREFIX.length) || undefined : undefined;
}

/** the variables that change per invocation; cleared before each call on a warm instance */
export const INVOCATION_KEYS = ['WX_OPENID', 'WX_APPID', 'WX_UNIONID', 'WX_CLIENTIP', 'TCB_SOURCE'] as const;

/**
 * The environment a deployed cloud function sees, pointed at the emulator (§1.1 of the wire
 * reference). With these set, the real, unmodified wx-server-sdk talks only to `adminUrl`:
 * TENCENTCLOUD_RUNENV=SCF stops the metadata.tencentyun.com probe, the stub secrets keep node-sdk
 * from crashing, TCB_CONTEXT_CNFG redirects the admin calls.
 */
export function functionEnvironment(options: FunctionEnvironmentOptions): Record<string, string> {
  if (options.adminUrl.includes('?')) throw new Error(`adminUrl must not contain "?" (the SDK appends its query without "&"): ${options.adminUrl}`);
  return {
    TENCENTCLOUD_RUNENV: 'SCF',
    SCF_NAMESPACE: options.envId,
    TCB_ENV: options.envId,
    TENCENTCLOUD_REGION: options.region ?? 'ap-shanghai',
    TENCENTCLOUD_SECRETID: 'emulator-secret-id',
    TENCENTCLOUD_SECRETKEY: 'emulator-secret-key',
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: options.adminUrl }),
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP',
    ...(options.caller ? invocationEnvironment(options.caller) : {}),
  };
}

/** WX_* identity of one call; unset fields stay unset so getWXContext() omits them, as in SCF */
export function invocationEnvironment(caller: CallerIdentity): Record<string, string> {
  const env: Record<string, string> = {};
  if (caller.openid) env.WX_OPENID = caller.openid;
  if (caller.appid) env.WX_APPID = caller.appid;
  if (caller.unionid) env.WX_UNIONID = caller.unionid;
  if (caller.clientIp) env.WX_CLIENTIP = caller.clientIp;
  if (caller.source) env.TCB_SOURCE = caller.source;
  return env;
}
