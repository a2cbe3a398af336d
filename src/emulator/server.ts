import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { createActivityLog, type ActivityLog } from './activity/activity-log';
import { createActivityRoutes } from './activity/activity-routes';
import { observeRunner, observeWechat } from './activity/observe';
import { createBatchJobsRoute } from './control/batch-jobs-route';
import { createCodesRoute } from './control/codes-route';
import { createControlRoutes } from './control/control-routes';
import { createDataRoutes } from './control/data-routes';
import { createLimitsRoute } from './control/limits-route';
import { createLinksRoute } from './control/links-route';
import { assertLoopbackHost, emulatorAppid, emulatorAppName, DEFAULT_ENV_ID, generateAppSecret, positiveIntegerFromEnv } from './config';
import { databaseActions } from './database/database-actions';
import { createAdminRoute } from './gateway/admin-route';
import { createCallFunctionRoute } from './functions/call-function-route';
import { functionActions } from './functions/invoke-function-action';
import { sendJson, trackResponse, type RouteHandler } from './http';
import { catalogRoutes, createHttpAccessRoute } from './http-access';
import { checkRequest, type RequestGuardOptions } from './http-guard/request-guard';
import { createWechatHttpsRoutes } from './https';
import { openApiActions } from './openapi/openapi-action';
import { functionEnvironment, type CallerIdentity } from './runner/function-environment';
import { createFunctionRunner, type FunctionRunner } from './runner/function-runner';
import { openEmulatorState, type EmulatorState } from './state/emulator-state';
import { createCosRoute } from './storage/cos-route';
import { createTimerService, createTriggerRoutes, type SchedulerClock, type TimerService } from './triggers';
import { TokenSigner } from './storage/signed-token';
import { storageActions } from './storage/storage-actions';
import { createUiRoute } from './ui/ui-route';
import { createLimiter, limitsFromEnv, type CloudbaseLimits, type Limiter } from './usage/limits';
import { createMeter, type Meter } from './usage/meter';
import { limitedRunner, meterRunner } from './usage/metered-runner';
import { billingOf } from './usage/units';
import { createUsageRoute } from './usage/usage-route';
import { readFunctionMemoryMb } from './runner/cloudbaserc';
import { createLinkService, createWechatService, readAppPages } from './wechat';
import type { LinkService } from './wechat/links';
import type { FaultSettings, WechatService } from './wechat/types';

export { functionEnvironment, type CallerIdentity } from './runner/function-environment';

export interface EmulatorOptions {
  /** 0 picks a free port (tests); default 8787 */
  port?: number;
  /** loopback only; default 127.0.0.1 */
  host?: string;
  /** default /admin */
  adminPath?: string;
  /** repo root the defaults below are relative to; default process.cwd() */
  rootDir?: string;
  /** default <rootDir>/.emulator-data; ignored with inMemory */
  dataDir?: string;
  inMemory?: boolean;
  /** default wxacode-local-1a2b */
  envId?: string;
  /** default WX_APPID, else project.config.json's appid, else wx0000000000000000 */
  appid?: string;
  /** default WX_APPSECRET, else generated (see appSecretGenerated) */
  appSecret?: string;
  /** default <rootDir>/cloudfunctions */
  functionsDir?: string;
  /** default <rootDir>/miniprogram/app.json */
  appJsonPath?: string;
  /**
   * the pages getUnlimited's check_path compares against, instead of reading appJsonPath: a team's project, whose
   * pages come from its detected sources (Taro and uni-app keep no app.json in the source tree)
   */
  appPages?: () => string[];
  /** default <rootDir>/cloudbaserc.json */
  cloudbasercPath?: string;
  /** default WXACODE_EMULATOR_QUOTA, else the WeChat service's default */
  lifetimeQuota?: number;
  /** default WXACODE_EMULATOR_RATE_LIMIT, else the WeChat service's default */
  ratePerMinute?: number;
  /** default WXACODE_EMULATOR_GET_DAILY_CAP, else the WeChat service's default (10000) */
  getDailyCap?: number;
  /** URL Links + URL Schemes a China-time day (44993); default WXACODE_EMULATOR_LINKS_DAILY_CAP, else 500000 */
  linksDailyCap?: number;
  /** link generation calls a second (44990); default WXACODE_EMULATOR_LINKS_RATE_PER_SECOND, else 100 */
  linksRatePerSecond?: number;
  /** Short Links a China-time day (45009); default WXACODE_EMULATOR_SHORTLINK_DAILY_CAP, else 10000000 */
  shortLinkDailyCap?: number;
  /** permanent Short Links + NFC schemes ever (85400); default WXACODE_EMULATOR_PERMANENT_LINKS_QUOTA, else 100000 */
  permanentLinksQuota?: number;
  /** openings of URL Links + URL Schemes a China-time day (85406); default WXACODE_EMULATOR_LINKS_OPEN_DAILY_CAP, else 6000000 */
  linksOpenDailyCap?: number;
  /** pages declared for plain-text URL Schemes ('*': all); default WXACODE_EMULATOR_PLAINTEXT_SCHEME_PAGES (comma-separated or *), else none */
  plainTextSchemePages?: readonly string[] | '*';
  /** the mini program's name in Short Links (#小程序://<name>/…); default WXACODE_EMULATOR_APP_NAME, else project.config.json's projectname, else 小程序示例 */
  appName?: string;
  /** (tests) the clock of the simulated WeChat's limits and links, e.g. a fake one to expire links without waiting */
  wechatClock?: () => number;
  faults?: Partial<FaultSettings>;
  /** per function invocation, default 20000 */
  functionTimeoutMs?: number;
  /**
   * what all function instances together may hold, in MB of their functions' memory size (cloudbaserc.json
   * `memorySize`, else 256): instances scale with queued calls within it, as SCF's do (并发概述: 一个并发实例同一时刻仅处理
   * 一个事件; a call finding every instance busy gets a new one); default WXACODE_EMULATOR_MEMORY_MB, else 4096
   */
  memoryBudgetMb?: number;
  /** an extra cap on each function's instances; default WXACODE_EMULATOR_INSTANCES, else none */
  maxInstancesPerFunction?: number;
  /**
   * busy instances (all functions) up to which a queued call starts another at once; past them it waits up to
   * `scaleAfterMs` (default 1000) for a busy one to free before starting its own (FunctionRunnerOptions.instancesAtOnce).
   * Default WXACODE_EMULATOR_INSTANCES_AT_ONCE, else 2 per core (os.availableParallelism())
   */
  instancesAtOnce?: number;
  /** (tests) how long a queued call waits for a busy instance past `instancesAtOnce`; default 1000 ms */
  scaleAfterMs?: number;
  /** preload the loopback guard into every function process */
  loopbackGuard?: boolean;
  /** openid for /callFunction calls without x-wx-openid */
  defaultOpenid?: string;
  onFunctionLog?: (functionName: string, stream: 'stdout' | 'stderr', line: string) => void;
  /**
   * CloudBase's limits of the environment: requests a second and 调用次数 a month; default WXACODE_EMULATOR_QPS and
   * WXACODE_EMULATOR_MONTHLY_CALLS (a number or a plan id of usage/plans.json), else none
   */
  cloudbaseLimits?: CloudbaseLimits;
  /** (tests) the clock of the QPS window; default Date.now */
  limitsClock?: () => number;
  /** (tests) the admin URL function processes are given instead of this emulator's own, e.g. a counting proxy in front of it */
  functionsAdminUrl?: string;
  /** replaces the simulated WeChat service (tests) */
  wechat?: WechatService;
  /**
   * Timer triggers of the functions' config.json. They can always be fired by hand (POST /_emulator/triggers/…);
   * `schedule: true` (npm start) also runs them at their times, on `clock` (tests pass a fake one).
   */
  timerTriggers?: { schedule?: boolean; clock?: SchedulerClock; log?: (line: string) => void };
}

export interface Emulator {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  adminUrl: string;
  envId: string;
  appid: string;
  appSecret: string;
  /** true when appSecret was generated because neither the option nor WX_APPSECRET gave one */
  appSecretGenerated: boolean;
  /** undefined when in memory */
  dataDir: string | undefined;
  wechat: WechatService;
  /** the simulated WeChat's links: what GET /_emulator/links/open and the link APIs use */
  links: LinkService;
  state: EmulatorState;
  runner: FunctionRunner;
  /** the functions' timer triggers: list, fire, runs */
  timers: TimerService;
  /** function invocations and WeChat calls, for the UI's live log (GET /_emulator/events) */
  activity: ActivityLog;
  /** every CloudBase request counted by action, billing unit and calling function (GET /_emulator/usage) */
  usage: Meter;
  /** the emulated QPS limit and monthly call quota */
  limits: Limiter;
  /** the environment a function process gets, to run a plain script with the real SDK against this emulator */
  functionEnvironment(caller?: CallerIdentity): Record<string, string>;
  /** kills function instances, closes the server, flushes data */
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8787;
/** what Short Links name the mini program when WXACODE_EMULATOR_APP_NAME is unset */
export const DEFAULT_APP_NAME = '小程序示例';
export const DEFAULT_OPENID = 'oEmulatorUser000000000000000';
/**
 * Busy instances a core before a queued call waits for one to free: the functions are mostly computing (signing,
 * JSON, HTTP) between short waits on the emulator, so two a core keep the cores busy, and more only add CPU per call
 * (at 16 callers on 2 cores: 10.4–11.4 ms of instance CPU a new code with 4, 15.5–16.2 ms with 16)
 */
export const DEFAULT_INSTANCES_PER_CORE = 2;
/** longer than any client's idle-socket timeout, as a load balancer's (60 s) is kept below its backends' */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Starts CloudBase + WeChat emulation on one loopback port. */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? '127.0.0.1';
  assertLoopbackHost(host);
  const rootDir = resolve(options.rootDir ?? process.cwd());
  const envId = options.envId ?? DEFAULT_ENV_ID;
  if (!/^[a-z0-9-]{4,40}$/.test(envId)) throw new Error(`envId must be 4-40 lowercase letters, digits or "-": ${envId}`);
  const appid = options.appid ?? emulatorAppid(rootDir);
  const appSecretGenerated = !options.appSecret && !process.env.WX_APPSECRET;
  const appSecret = options.appSecret ?? process.env.WX_APPSECRET ?? generateAppSecret();
  const adminPath = options.adminPath ?? '/admin';
  if (!adminPath.startsWith('/') || adminPath.includes('?')) throw new Error(`adminPath must start with "/" and hold no "?": ${adminPath}`);
  const dataDir = options.inMemory ? undefined : resolve(options.dataDir ?? join(rootDir, '.emulator-data'));

  const activity = createActivityLog();
  const state = await openEmulatorState(dataDir);
  const appPagesOf = options.appPages
    ? () => ({ pages: options.appPages!() })
    : () => readAppPages(options.appJsonPath ?? join(rootDir, 'miniprogram', 'app.json'));
  const plainTextSchemePages = options.plainTextSchemePages ?? plainTextPagesFromEnv();
  const links = createLinkService({
    appPages: () => appPagesOf().pages,
    appid,
    appName: options.appName ?? emulatorAppName(rootDir, DEFAULT_APP_NAME),
    envId,
    state: state.links,
    now: options.wechatClock,
    dailyCap: options.linksDailyCap ?? positiveIntegerFromEnv('WXACODE_EMULATOR_LINKS_DAILY_CAP'),
    ratePerSecond: options.linksRatePerSecond ?? positiveIntegerFromEnv('WXACODE_EMULATOR_LINKS_RATE_PER_SECOND'),
    shortLinkDailyCap: options.shortLinkDailyCap ?? positiveIntegerFromEnv('WXACODE_EMULATOR_SHORTLINK_DAILY_CAP'),
    permanentQuota: options.permanentLinksQuota ?? positiveIntegerFromEnv('WXACODE_EMULATOR_PERMANENT_LINKS_QUOTA'),
    openDailyCap: options.linksOpenDailyCap ?? positiveIntegerFromEnv('WXACODE_EMULATOR_LINKS_OPEN_DAILY_CAP'),
    plainTextSchemePages: () => plainTextSchemePages,
  });
  const simulated =
    options.wechat ??
    createWechatService({
      appPages: appPagesOf,
      links,
      now: options.wechatClock,
      lifetimeQuota: options.lifetimeQuota ?? positiveIntegerFromEnv('WXACODE_EMULATOR_QUOTA'),
      ratePerMinute: options.ratePerMinute ?? positiveIntegerFromEnv('WXACODE_EMULATOR_RATE_LIMIT'),
      getDailyCap: options.getDailyCap ?? positiveIntegerFromEnv('WXACODE_EMULATOR_GET_DAILY_CAP'),
      faults: options.faults,
    });
  const wechat = observeWechat(simulated, activity);
  const initialFaults = wechat.faults.get();

  let routes: RouteHandler[] | undefined;
  let guard: RequestGuardOptions | undefined;
  const server = createServer((req, res) => void handle(routes, guard, req, res));
  // A server that closes an idle keep-alive socket just as a client reuses it makes that request fail with
  // ECONNRESET. Node's default (5 s) is about what clients wait themselves (undici 4 s, Node's agent 5 s), so the
  // two race; well above that, the client lets go first (one that follows the Keep-Alive hint stops 1 s short).
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  // headersTimeout below keepAliveTimeout would cut a reused socket whose next request's headers arrive late
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? DEFAULT_PORT, host, () => {
      server.off('error', fail);
      done();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const adminUrl = `${url}${adminPath}`;
  const envFor = (caller?: CallerIdentity) => functionEnvironment({ adminUrl, envId, caller });
  const usage = createMeter();
  const limits = createLimiter(usage, options.cloudbaseLimits ?? limitsFromEnv(), options.limitsClock);

  const cloudbasercPath = options.cloudbasercPath ?? join(rootDir, 'cloudbaserc.json');
  const runner = meterRunner(observeRunner(
    createFunctionRunner({
      functionsDir: options.functionsDir ?? join(rootDir, 'cloudfunctions'),
      environment: functionEnvironment({ adminUrl: options.functionsAdminUrl ?? adminUrl, envId }),
      cloudbasercPath,
      timeoutMs: options.functionTimeoutMs,
      memoryBudgetMb: options.memoryBudgetMb ?? positiveIntegerFromEnv('WXACODE_EMULATOR_MEMORY_MB'),
      maxInstancesPerFunction: options.maxInstancesPerFunction ?? positiveIntegerFromEnv('WXACODE_EMULATOR_INSTANCES'),
      instancesAtOnce: options.instancesAtOnce ?? positiveIntegerFromEnv('WXACODE_EMULATOR_INSTANCES_AT_ONCE') ?? DEFAULT_INSTANCES_PER_CORE * availableParallelism(),
      scaleAfterMs: options.scaleAfterMs,
      loopbackGuard: options.loopbackGuard,
      onLog: options.onFunctionLog,
    }),
    activity,
  ), usage, (name) => readFunctionMemoryMb(cloudbasercPath, name));
  const timers = createTimerService({
    functionsDir: options.functionsDir ?? join(rootDir, 'cloudfunctions'),
    runner: limitedRunner(runner, () => {
      limits.admit();
      usage.request('timerTrigger');
    }),
    appid,
    schedule: options.timerTriggers?.schedule ?? false,
    clock: options.timerTriggers?.clock,
    log: options.timerTriggers?.log,
  });
  const signer = new TokenSigner();
  guard = {
    port,
    // where the emulator stands in for a service whose real clients send other bodies than JSON
    nonJsonPrefixes: [adminPath, '/cos/', '/cgi-bin/', '/wxa/', ...catalogRoutes().map((r) => r.path)],
  };
  routes = [
    healthRoute,
    createTriggerRoutes(timers),
    // the web UI and the /_emulator/* routes it reads, each one a user can curl too
    createUiRoute(),
    createActivityRoutes(activity),
    createLimitsRoute({ wechat, database: state.database, cloudbasercPath }),
    createCodesRoute({ state, envId }),
    createLinksRoute({ links }),
    createBatchJobsRoute({ database: state.database }),
    createDataRoutes({ state, envId }),
    createUsageRoute({ meter: usage, limiter: limits, links: () => links.usage() }),
    createControlRoutes({ wechat, state, runner, initialFaults, activity, usage }),
    createCallFunctionRoute({
      runner,
      appid,
      defaultOpenid: options.defaultOpenid ?? DEFAULT_OPENID,
      beforeInvoke: () => {
        limits.admit();
        usage.request('callFunction');
      },
    }),
    createAdminRoute({
      path: adminPath,
      envId,
      // upload and download URLs point here, never at whatever Host a request claimed
      baseUrl: url,
      beforeAction: (action, caller) => {
        if (billingOf(action).call) limits.admit(caller);
        usage.request(action, caller);
      },
      actions: {
        ...openApiActions(wechat),
        ...storageActions({ envId, storage: state.storage, signer }),
        ...databaseActions(state.database),
        ...functionActions(runner, appid),
      },
    }),
    createCosRoute({ storage: state.storage, signer, onTransfer: (action, bytes, caller) => usage.request(action, caller, bytes) }),
    // WeChat's HTTPS API (access_token + code endpoints), owned by src/emulator/https
    createWechatHttpsRoutes({ service: wechat, appid, appSecret }),
    // CloudBase's HTTP access service: catalog functions with an httpPath, served at that path
    createHttpAccessRoute({
      runner,
      envId,
      beforeInvoke: () => {
        limits.admit();
        usage.request('httpAccess');
      },
    }),
  ];

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    adminUrl,
    envId,
    appid,
    appSecret,
    appSecretGenerated,
    dataDir,
    wechat,
    links,
    state,
    runner,
    timers,
    activity,
    usage,
    limits,
    functionEnvironment: envFor,
    close() {
      closing ??= (async () => {
        timers.stop();
        await runner.close();
        await new Promise<void>((done) => {
          server.close(() => done());
          // idle keep-alive sockets included, which would otherwise hold close() open for up to
          // KEEP_ALIVE_TIMEOUT_MS; the function processes are gone, so no open request has anything to wait for
          server.closeAllConnections();
        });
        await state.flush();
      })();
      return closing;
    },
  };
}

/** WXACODE_EMULATOR_PLAINTEXT_SCHEME_PAGES: "*" or comma-separated pages (leading "/" allowed); unset: none declared */
function plainTextPagesFromEnv(env: NodeJS.ProcessEnv = process.env): readonly string[] | '*' {
  const raw = env.WXACODE_EMULATOR_PLAINTEXT_SCHEME_PAGES?.trim();
  if (!raw) return [];
  if (raw === '*') return '*';
  return raw
    .split(',')
    .map((page) => page.trim().replace(/^\/+/, ''))
    .filter((page) => page !== '');
}

const healthRoute: RouteHandler = async (req, res, url) => {
  if (url.pathname !== '/healthz') return false;
  sendJson(res, 200, { status: 'ok' });
  return true;
};

async function handle(
  routes: RouteHandler[] | undefined,
  guard: RequestGuardOptions | undefined,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  trackResponse(req, res);
  if (!routes || !guard) {
    // listening but not wired yet: /healthz must not say ready
    sendJson(res, 503, { error: 'the emulator is starting' });
    return;
  }
  try {
    const verdict = checkRequest({ method: req.method, rawUrl: req.url, headers: req.headers }, guard);
    if (!verdict.ok) {
      // the body is not read: the connection cannot carry another request
      res.setHeader('connection', 'close');
      sendJson(res, verdict.status, { error: verdict.reason });
      return;
    }
    const url = verdict.url;
    for (const route of routes) if (await route(req, res, url)) return;
    sendJson(res, 404, { error: `no route for ${req.method} ${url.pathname}` });
  } catch (err) {
    console.error('[emulator] request failed:', err);
    if (!res.headersSent) sendJson(res, 500, { error: `emulator error: ${(err as Error).message}` });
    else res.destroy();
  }
}
