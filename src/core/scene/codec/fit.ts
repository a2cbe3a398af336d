import { SCENE_MAX_LENGTH } from './alphabet';
import { encodeInline } from './inline';
import type { SceneData } from './scene-data';

/**
 * The inline scene for validated data, or null when it must be stored: longer than WeChat allows, or with a field
 * name the inline form cannot carry.
 */
export function encodeInlineIfFits(data: SceneData): string | null {
  const scene = encodeInline(data);
  return scene !== null && scene.length <= SCENE_MAX_LENGTH ? scene : null;
}
