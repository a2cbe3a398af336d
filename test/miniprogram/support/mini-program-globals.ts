// Test-only stand-ins for the mini program runtime, kept outside miniprogram/ so DevTools never compiles or uploads them.

type AnyFunction = (...args: any[]) => any;

export interface CallFunctionParam {
  name: string;
  data: Record<string, unknown>;
}

export interface WxStub {
  cloud: { init: jest.Mock; callFunction: jest.Mock<Promise<{ result: unknown }>, [CallFunctionParam]> };
  getEnterOptionsSync: jest.Mock<{ path: string; query: Record<string, string>; scene: number }, []>;
  navigateTo: jest.Mock;
  redirectTo: jest.Mock;
  previewImage: jest.Mock;
  setClipboardData: jest.Mock;
  getLaunchOptionsSync: jest.Mock<{ path: string; query: Record<string, string>; scene: number }, []>;
}

export interface Runtime {
  wx: WxStub;
  pages: Record<string, unknown>[];
  apps: Record<string, unknown>[];
}

/** Installs `wx`, `Page`, `App` and `getApp` on the global object, as the mini program runtime provides them. */
export function installMiniProgramGlobals(): Runtime {
  const runtime: Runtime = {
    wx: {
      cloud: { init: jest.fn(), callFunction: jest.fn(async (_param: CallFunctionParam): Promise<{ result: unknown }> => ({ result: undefined })) },
      getEnterOptionsSync: jest.fn(() => ({ path: 'pages/index/index', query: {}, scene: 1001 })),
      navigateTo: jest.fn(),
      redirectTo: jest.fn(),
      previewImage: jest.fn(),
      setClipboardData: jest.fn(),
      getLaunchOptionsSync: jest.fn(() => ({ path: 'pages/index/index', query: {}, scene: 1001 })),
    },
    pages: [],
    apps: [],
  };
  const g = globalThis as unknown as Record<string, unknown>;
  g.wx = runtime.wx;
  g.Page = (options: Record<string, unknown>) => runtime.pages.push(options);
  g.App = (options: Record<string, unknown>) => runtime.apps.push(options);
  g.getApp = () => runtime.apps[0];
  return runtime;
}

/** Loads a page or app module fresh, so its top-level Page()/App() call registers with the current stubs. */
export function loadModule(load: () => unknown): void {
  jest.isolateModules(() => {
    load();
  });
}

/**
 * A page instance as the runtime would make one from registered options: its own copy of data, and a setData
 * that merges top-level keys (the only kind these pages use).
 */
export function instantiate<T extends { data: object }>(options: T): T & { setData(patch: Partial<T['data']>): void } {
  const instance = Object.create(options) as T & { setData(patch: Partial<T['data']>): void };
  instance.data = JSON.parse(JSON.stringify(options.data));
  instance.setData = (patch) => {
    instance.data = { ...instance.data, ...patch };
  };
  for (const key of Object.keys(options)) {
    const value = (options as Record<string, unknown>)[key];
    if (typeof value === 'function') (instance as Record<string, unknown>)[key] = (value as AnyFunction).bind(instance);
  }
  return instance;
}
