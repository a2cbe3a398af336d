// Server side of scene payloads: the codec (shared with the mini program) plus stored payloads and their keys.
export * from './codec';
export type { SceneStore, StoredScene } from './scene-store';
export { prepareScene, MAX_TTL_SECONDS } from './prepare-scene';
export type { PrepareSceneOptions, PreparedScene, SceneMode } from './prepare-scene';
export { resolveScene } from './resolve-scene';
export type { ResolveSceneOptions } from './resolve-scene';
export { deriveStoredKey, canonicalSceneJson } from './stored-key-generator';
export { loadSceneSecret, SCENE_SECRET_ENV, SCENE_SECRET_STORE_KEY } from './scene-secret';
export { sceneFromEvent, handleResolveScene } from './scene-events';
export type { SceneEventFields, SceneEventOptions, ResolveSceneReply } from './scene-events';
