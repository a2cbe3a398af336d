// The few mini program APIs the helpers use, typed here so the helpers compile in any project: native ones with
// miniprogram-api-typings, Taro and uni-app ones without (their own types may declare `wx` differently, or not).

export interface CallFunctionReply {
  result?: unknown;
}

export interface EnterOptions {
  path: string;
  query?: Record<string, string | undefined>;
  /** the 场景值 of the entry (1047 a scanned code, 1194 a URL Link…) */
  scene?: number;
}

export interface MiniProgramWx {
  cloud: { callFunction(options: { name: string; data: object }): Promise<CallFunctionReply> };
  getEnterOptionsSync?: () => EnterOptions;
  getLaunchOptionsSync?: () => EnterOptions;
}

/** The runtime's `wx`, read at call time (tests stub it per case). Taro and uni-app keep `wx` in WeChat builds. */
export function miniProgramWx(): MiniProgramWx {
  // @ts-ignore `wx` is the mini program's global; a project's typings may declare it (differently) or not at all
  return wx as MiniProgramWx;
}
