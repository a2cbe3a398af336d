import { miniProgramWx, type EnterOptions } from './mini-program';
import { resolveScene, sceneFromQuery, type SceneOnPage } from './scene';
import type { Outcome } from './types';

/**
 * Pages opened by a link: its queryData (the same `scene` a code carries, inline or stored) and cq, and what brought
 * the user, from the entry's 场景值. None needs `Page` or `Component`.
 */

/**
 * The queryData of a link made with queryData (or the sceneData of a code), from `onLoad`'s query: inline data decoded
 * here with no network, a stored key looked up by wxacodeResolveScene. Undefined when the query carries none.
 */
export function queryDataFromQuery(query: Record<string, string | undefined> | undefined | null): Promise<Outcome<SceneOnPage>> | undefined {
  const scene = sceneFromQuery(query);
  return scene === undefined ? undefined : resolveScene(scene);
}

/** The `cq` appended to a URL Link or URL Scheme (URL Scheme 和 URL Link 优化公告, 2023-12), decoded; undefined when none. */
export function cqFromQuery(query: Record<string, string | undefined> | undefined | null): string | undefined {
  const raw = query?.cq;
  if (typeof raw !== 'string' || raw === '') return undefined;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export type EntrySourceKind = 'code' | 'urlLink' | 'urlScheme' | 'shortLink' | 'plainTextScheme' | 'other';

export interface EntrySource {
  /** what brought the user */
  source: EntrySourceKind;
  /** the 场景值 itself; undefined where the base library does not tell */
  sceneValue: number | undefined;
  /** codes: how it was read (1047 / 1011 / 1124 scan with the camera; 1048 / 1012 / 1125 long press on a picture; 1049 / 1013 / 1126 from the album) */
  read?: 'scan' | 'longPress' | 'album';
  /** codes: 小程序码 (wxacode.get / getUnlimited), 二维码 (createQRCode, 普通链接二维码) or 一物一码 */
  code?: 'wxacode' | 'qrcode' | 'oneThingOneCode';
  /** 1167: an H5 page's open tag, which is also where a URL Link opened inside WeChat lands */
  viaH5?: boolean;
}

/** 场景值列表: the entries codes and links produce. */
const SCENES: Record<number, Omit<EntrySource, 'sceneValue'>> = {
  1047: { source: 'code', code: 'wxacode', read: 'scan' },
  1048: { source: 'code', code: 'wxacode', read: 'longPress' },
  1049: { source: 'code', code: 'wxacode', read: 'album' },
  1011: { source: 'code', code: 'qrcode', read: 'scan' },
  1012: { source: 'code', code: 'qrcode', read: 'longPress' },
  1013: { source: 'code', code: 'qrcode', read: 'album' },
  1124: { source: 'code', code: 'oneThingOneCode', read: 'scan' },
  1125: { source: 'code', code: 'oneThingOneCode', read: 'longPress' },
  1126: { source: 'code', code: 'oneThingOneCode', read: 'album' },
  1065: { source: 'urlScheme' },
  1194: { source: 'urlLink' },
  1167: { source: 'urlLink', viaH5: true },
  1179: { source: 'shortLink' },
  1286: { source: 'plainTextScheme' },
};

/** What a 场景值 says brought the user. */
export function entrySourceOf(sceneValue: number | undefined): EntrySource {
  const known = sceneValue === undefined ? undefined : SCENES[sceneValue];
  return { source: 'other', ...known, sceneValue };
}

/**
 * What brought the user into this entry: wx.getEnterOptionsSync() (base library 2.9.4+; a hot start by a scan or a
 * link is its own entry), else the cold start's wx.getLaunchOptionsSync(). On Android, coming back from the desktop
 * keeps the previous 场景值: an onShow that reports 1047 again may be the same scan.
 */
export function entrySource(): EntrySource {
  const wx = miniProgramWx();
  const options: EnterOptions | undefined =
    typeof wx.getEnterOptionsSync === 'function' ? wx.getEnterOptionsSync() : typeof wx.getLaunchOptionsSync === 'function' ? wx.getLaunchOptionsSync() : undefined;
  return entrySourceOf(typeof options?.scene === 'number' ? options.scene : undefined);
}
