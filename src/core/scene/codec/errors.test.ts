import { ErrCode } from '../../errors';
import { SceneErrCode } from './errors';

describe('SceneErrCode', () => {
  it('matches the toolkit error table for every code it copies', () => {
    for (const [name, code] of Object.entries(SceneErrCode)) {
      expect({ name, code }).toEqual({ name, code: ErrCode[name as keyof typeof ErrCode] });
    }
  });
});
