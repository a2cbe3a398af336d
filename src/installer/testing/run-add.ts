import { runAdd, type AddDeps } from '../add/index';

/** runAdd with its output captured. */
export async function add(cwd: string, args: string[] = [], deps: AddDeps = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runAdd(args, { cwd, stdout: (s) => (out += s), stderr: (s) => (err += s) }, deps);
  return { code, out, err };
}
