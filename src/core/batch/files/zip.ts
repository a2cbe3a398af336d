import { zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

/**
 * A ZIP of the images named by label. JPEG and PNG are compressed already, so entries are stored, not deflated:
 * as small, and far quicker. Names must be unique (labels are unique in a job; two would silently overwrite).
 */
export async function buildZip(entries: readonly ZipEntry[]): Promise<Uint8Array> {
  const files: Zippable = {};
  const seen = new Set<string>();
  for (const { name, data } of entries) {
    if (seen.has(name)) throw new Error(`buildZip: two entries are named ${JSON.stringify(name)}; labels must be unique in a job`);
    seen.add(name);
    files[name] = [data, { level: 0 }];
  }
  return zipSync(files, { mtime: new Date('2000-01-01T00:00:00Z') });
}
