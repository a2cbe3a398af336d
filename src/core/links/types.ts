import type { EnvVersion } from '../params/types';

/** The link-making cloud calls (`cloud.openapi.*`), by their permission names in config.json. */
export type LinkApi = 'urllink.generate' | 'urlscheme.generate' | 'urlscheme.generateNFCScheme' | 'shortlink.generate';
/** The query cloud calls: a link's details and the visits it has left today. */
export type LinkQueryApi = 'urllink.query' | 'urlscheme.query';

/** The three functions' kinds of link, as the batch names them (`api: 'urlLink' | 'urlScheme' | 'shortLink'`). */
export type LinkKind = 'urlLink' | 'urlScheme' | 'shortLink';

/** 获取加密URLLink / 获取加密scheme码: expire_type 0 = at expire_time, 1 = after expire_interval days. */
export type LinkExpiry = { expireType: 0; expireTime: number } | { expireType: 1; expireInterval: number };

export interface CloudBaseLanding {
  env: string;
  domain?: string;
  path?: string;
  query?: string;
  resourceAppid?: string;
}

export interface JumpWxa {
  /** a page of the app, no leading "/" and no query; '' opens the home page */
  path: string;
  query: string;
  envVersion: EnvVersion;
}

/** A link request after validation with every default applied, in cloud-call camelCase: the unit of caching and of a WeChat call. */
export type LinkRequest =
  | { api: 'urllink.generate'; params: { path: string; query: string; envVersion: EnvVersion; cloudBase?: CloudBaseLanding } & LinkExpiry }
  | { api: 'urlscheme.generate'; params: { jumpWxa: JumpWxa } & LinkExpiry }
  | { api: 'urlscheme.generateNFCScheme'; params: { jumpWxa: JumpWxa; modelId: string; sn?: string } }
  | { api: 'shortlink.generate'; params: { pageUrl: string; pageTitle: string; isPermanent: boolean } };

/** What WeChat answered: the link itself. */
export interface MadeLink {
  link: string;
}
