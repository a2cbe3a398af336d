// The scene codec shared by the cloud functions and the mini program. Self-contained on purpose: the build copies
// this folder (minus tests) into the page helpers (`scene/`, see src/page-helpers/), so no imports from outside it and no Node APIs.
export { SCENE_CHARS, SCENE_MAX_LENGTH, BASE80_DIGITS, isSceneString } from './alphabet';
export { bytesToBase80, base80ToBytes } from './base80';
export { SceneErrCode, SceneCodecError } from './errors';
export { encodeInline, encodeValue, decodeValue, isInlineFieldName, TYPED_MARKER, ENCODED_MARKER } from './inline';
export { parseScene, PAGE_SCENE_HINT, normalizeRawScene, decodeInlineScene, MAX_RAW_SCENE_LENGTH, BARE_SCENE_FIELD } from './parse-scene';
export type { ParsedScene } from './parse-scene';
export { validateSceneData, isValidFieldName, SCENE_DATA_LIMITS } from './scene-data';
export type { SceneData, SceneValue } from './scene-data';
export { isStoredKey, STORED_KEY_PREFIX, STORED_KEY_BODY_LENGTH } from './stored-key';
export { encodeInlineIfFits } from './fit';
export { utf8Encode, utf8Decode } from './utf8';
export { LINK_SCENE_KEY, LINK_ID_KEY, LINK_INLINE_MAX_LENGTH, LINK_QUERY_CHARS, LinkErrCode, linkQueryProblem, sceneQuery, plainTextScheme, withCq, PLAIN_SCHEME_QUERY_MAX_CHARS, CQ_MAX_CHARS } from './links';
export type { PlainTextSchemeOptions, QueryProblem } from './links';
