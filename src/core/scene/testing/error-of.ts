/** The error a synchronous call throws, for asserting its errCode and errMsg; fails when nothing is thrown. */
export function errorOf(run: () => unknown): { errCode: number; errMsg: string } {
  try {
    run();
  } catch (error) {
    return error as { errCode: number; errMsg: string };
  }
  throw new Error('expected an error');
}
