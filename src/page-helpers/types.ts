// What the cloud functions take and give back, as pages see them. The server has its own equivalent types in
// its own source; these are kept separate because a mini program's compiler sees only the app's own folder.
import type { SceneData } from '../core/scene/codec/index';

export type { SceneData };
export type EnvVersion = 'release' | 'trial' | 'develop';

export interface LineColor {
  r: number;
  g: number;
  b: number;
}

/** Appearance options shared by wxacode.get and getUnlimited; omitted ones get WeChat's defaults. */
export interface CodeLook {
  width?: number;
  autoColor?: boolean;
  lineColor?: LineColor;
  isHyaline?: boolean;
  envVersion?: EnvVersion;
}

export interface GetParams extends CodeLook {
  /** page path with an optional query, at most 128 bytes, e.g. `pages/index/index?id=1` */
  path: string;
}

export interface CreateQRCodeParams {
  path: string;
  width?: number;
}

interface UnlimitedCommon extends CodeLook {
  /** omitted: the home page; no query here (put parameters in the scene) */
  page?: string;
  checkPath?: boolean;
}

/** Either a ready scene (≤ 32 allowed characters) or sceneData, which the function encodes or stores for you. */
export type GetUnlimitedParams =
  | (UnlimitedCommon & { scene: string; sceneData?: never })
  | (UnlimitedCommon & {
      sceneData: SceneData;
      scene?: never;
      /** stored payloads only: how long the code resolves; omitted, forever */
      ttlSeconds?: number;
      /** 'stored' keeps even short data out of the code (inline data is readable by whoever scans) */
      sceneMode?: 'auto' | 'stored';
      /** false: entries by this code are not recorded (stored scenes only) */
      recordEntries?: boolean;
    });

export interface ResolveSceneParams {
  /** as the page received it (`query.scene`), URL-encoded or decoded; may be omitted only with `link` */
  scene?: string;
  /** how the user came in, to record the entry in the same call: 场景值 and the page's route */
  entry?: { sceneValue: number; page?: string };
  /** a link's short id (query.wxl of a page a toolkit link opened): the entry is counted for the link */
  link?: string;
}

export interface Failure {
  errCode: number;
  errMsg: string;
}

export interface CodeImage {
  contentType: string;
  fileID: string;
  /** an https URL an <image> can show; it expires after a while, the fileID does not */
  tempFileURL: string;
  /** true when the same parameters had made this code before and it came from storage */
  cached: boolean;
}

export interface UnlimitedCodeImage extends CodeImage {
  /** present when sceneData was sent: the scene the function chose */
  scene?: string;
  sceneMode?: 'inline' | 'stored';
}

export interface ResolvedScene {
  data: SceneData;
  /** 活码: the page this code lands on since it was changed */
  page?: string;
  /** with entry: whether the entry was counted (false within the dedupe window, or recording off) */
  recorded?: boolean;
}

/** wxacodeResolveScene's errCode for a code its team switched off (活码); errMsg is the team's message to show. */
export const SCENE_DISABLED = -700005;

export type Success<T> = { errCode: 0; errMsg: string } & T;
export type Outcome<T> = Success<T> | Failure;

export function isSuccess<T>(outcome: Outcome<T>): outcome is Success<T> {
  return outcome.errCode === 0;
}

/** Cloud function names, as deployed from the project's cloud functions folder. */
export const FUNCTIONS = {
  get: 'wxacodeGet',
  createQRCode: 'wxacodeCreateQRCode',
  getUnlimited: 'wxacodeGetUnlimited',
  resolveScene: 'wxacodeResolveScene',
  urlLink: 'wxacodeUrlLink',
  urlScheme: 'wxacodeUrlScheme',
  shortLink: 'wxacodeShortLink',
} as const;

/** Expiry of a URL Link / URL Scheme: at most 30 days (omitted: 30 days). Links always expire now. */
export type LinkExpiry =
  | { expireInterval?: number; expireTime?: never; expireType?: 1 }
  | { expireTime: number; expireInterval?: never; expireType?: 0 };

/** The page's query as a string (`a=1&b=2`, URL-encoded values) or queryData, encoded like a code's sceneData. */
export type LinkQuery = { query?: string; queryData?: never; sceneMode?: never } | { queryData: SceneData; query?: never; sceneMode?: 'auto' | 'stored' };

interface LinkCommon {
  /** a stored link is reused while it opens for at least this long (default 7 days, or half its lifetime) */
  minValidSeconds?: number;
  /** false: always a new link */
  cache?: boolean;
}

export type UrlLinkParams = LinkCommon &
  LinkExpiry &
  LinkQuery & {
    /** a page of the app, no query; omitted: the home page */
    path?: string;
    envVersion?: EnvVersion;
    cloudBase?: { env: string; domain?: string; path?: string; query?: string; resourceAppid?: string };
    /** appended to the link answered, e.g. 'sms': one link, each channel its cq */
    cq?: string;
  };

export type UrlSchemeParams = LinkCommon &
  LinkQuery & { path?: string; envVersion?: EnvVersion; cq?: string } & (LinkExpiry | { nfc: { modelId: string; sn?: string }; expireInterval?: never; expireTime?: never });

export type ShortLinkParams = LinkCommon & {
  /** at most 20 characters, no "/" */
  pageTitle?: string;
  /** permanent links are the app's 10万 for good: admins only */
  isPermanent?: boolean;
} & ({ pageUrl: string; page?: never } | ({ page: string; pageUrl?: never } & LinkQuery));

interface LinkMade {
  /** ISO time the link stops opening; absent for one that never expires */
  expiresAt?: string;
  cached: boolean;
  query: string;
  scene?: string;
  sceneMode?: 'inline' | 'stored';
}
export interface UrlLinkMade extends LinkMade {
  urlLink: string;
}
export interface UrlSchemeMade extends LinkMade {
  openlink: string;
}
export interface ShortLinkMade extends LinkMade {
  link: string;
  permanent: boolean;
  pageUrl: string;
}
