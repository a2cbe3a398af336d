/** PLACEHOLDER until branch i17-add is merged: the agreed interface of `add`. The merge replaces this file with theirs. */
export async function runAdd(_args: string[], io: { cwd: string; stdout: (s: string) => void; stderr: (s: string) => void }): Promise<number> {
  io.stderr('wxacode-cloudbase add: not merged yet (branch i17-add)\n');
  return 1;
}
