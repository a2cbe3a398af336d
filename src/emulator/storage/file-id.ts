/**
 * fileIDs look like CloudBase's: `cloud://<env>.<bucket>/<cloudPath>` with the bucket
 * `<hex of the env's first 2 chars>-<env>-1250000000` (imitates the real naming; the SDK treats it as opaque).
 */
export function bucketOf(envId: string): string {
  return `${Buffer.from(envId.slice(0, 2)).toString('hex')}-${envId}-1250000000`;
}

export function fileIdOf(envId: string, cloudPath: string): string {
  return `cloud://${envId}.${bucketOf(envId)}/${cloudPath}`;
}

/** The cloudPath inside a fileID of this env, or undefined when it is malformed or names another env/bucket. */
export function cloudPathOf(envId: string, fileId: string): string | undefined {
  const prefix = `cloud://${envId}.${bucketOf(envId)}/`;
  if (!fileId.startsWith(prefix)) return undefined;
  const cloudPath = fileId.slice(prefix.length);
  return cloudPath === '' ? undefined : cloudPath;
}

/** Why a cloudPath would be refused, or undefined when it is fine. */
export function cloudPathProblem(cloudPath: unknown): string | undefined {
  if (typeof cloudPath !== 'string' || cloudPath === '') return 'cloudPath must be a non-empty string';
  if (cloudPath.startsWith('/')) return `cloudPath must not start with "/": ${cloudPath}`;
  if (cloudPath.includes('//')) return `cloudPath must not contain "//": ${cloudPath}`;
  if (/[\u0000-\u001f\u007f]/.test(cloudPath)) return 'cloudPath must not contain control characters';
  if (Buffer.byteLength(cloudPath) > 850) return 'cloudPath is longer than 850 bytes';
  return undefined;
}
