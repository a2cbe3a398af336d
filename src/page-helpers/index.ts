// wxacode-cloudbase's page helpers: typed calls of the code functions and the scene of a page opened by a code.
// Written into the mini program's source by `npx wxacode-cloudbase add`; framework-neutral (no Page/Component).
export { sceneFromQuery, sceneOfEntry, sceneFromScanResult, resolveScene } from './scene';
export type { SceneOnPage } from './scene';
export { resolveEntry, forgetEntries, ENTRY_WINDOW_MS, LINK_QUERY_FIELD } from './entry';
export type { EntryOnPage } from './entry';
export { wxacodeGet, wxacodeCreateQRCode, wxacodeGetUnlimited, wxacodeResolveScene, BAD_REPLY, CALL_FAILED } from './functions';
export { wxacodeUrlLink, wxacodeUrlScheme, wxacodeShortLink } from './functions';
export { queryDataFromQuery, cqFromQuery, entrySource, entrySourceOf } from './links';
export type { EntrySource, EntrySourceKind } from './links';
export { plainTextScheme, withCq, LINK_ID_KEY, LINK_SCENE_KEY } from '../core/scene/codec/index';
export type { PlainTextSchemeOptions } from '../core/scene/codec/index';
export * from './types';
export { parseScene, SceneCodecError, SceneErrCode, encodeInlineIfFits, validateSceneData, isSceneString, SCENE_MAX_LENGTH } from '../core/scene/codec/index';
export type { ParsedScene, SceneValue } from '../core/scene/codec/index';
