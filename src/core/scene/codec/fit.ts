import { SCENE_MAX_LENGTH } from './alphabet';
import { encodeInline } from './inline';
import type { SceneData } from './scene-data';

/** The inline scene for validated data, or null when it would be longer than WeChat allows and must be stored. */
export function encodeInlineIfFits(data: SceneData): string | null {
  const scene = encodeInline(data);
  return scene.length <= SCENE_MAX_LENGTH ? scene : null;
}
