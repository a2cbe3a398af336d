import { parseScene, SceneCodecError, type SceneData } from '../lib/scene/index';
import { isSuccess, type Outcome } from './wxacode-types';
import { wxacodeResolveScene } from './wxacode';

export interface SceneOnPage {
  data: SceneData;
  sceneMode: 'inline' | 'stored';
}

/**
 * The data behind a scene as the page got it: inline scenes are decoded here with no network; stored ones are
 * looked up by wxacodeResolveScene. Never throws: problems come back as `{errCode, errMsg}` for the page to show.
 */
export async function resolvePageScene(scene: string): Promise<Outcome<SceneOnPage>> {
  let parsed;
  try {
    parsed = parseScene(scene);
  } catch (error) {
    if (error instanceof SceneCodecError) return { errCode: error.errCode, errMsg: error.errMsg };
    throw error;
  }
  if (parsed.form === 'inline') return { errCode: 0, errMsg: 'ok', data: parsed.data, sceneMode: 'inline' };
  const outcome = await wxacodeResolveScene({ scene: parsed.key });
  if (!isSuccess(outcome)) return outcome;
  return { errCode: 0, errMsg: 'ok', data: outcome.data, sceneMode: 'stored' };
}
