import { installMiniProgramGlobals, loadModule } from './support/mini-program-globals';

describe('app', () => {
  it('initialises wx.cloud with traceUser on launch', () => {
    const runtime = installMiniProgramGlobals();
    loadModule(() => require('../../miniprogram/app'));
    expect(runtime.apps).toHaveLength(1);
    (runtime.apps[0].onLaunch as () => void)();
    expect(runtime.wx.cloud.init).toHaveBeenCalledWith(expect.objectContaining({ traceUser: true }));
  });

  it('does not crash on a base library without wx.cloud', () => {
    const runtime = installMiniProgramGlobals();
    (runtime.wx as unknown as Record<string, unknown>).cloud = undefined;
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    loadModule(() => require('../../miniprogram/app'));
    expect(() => (runtime.apps[0].onLaunch as () => void)()).not.toThrow();
    expect(error).toHaveBeenCalledWith(expect.stringContaining('base library'));
    error.mockRestore();
  });
});
