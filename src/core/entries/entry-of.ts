import type { CodeDirectory } from '../admin/admin-handler';
import type { EntrySourceRow } from '../admin/contract';
import type { EntryMarker, EntryStore } from './entry-store';
import { hashUser } from './user-hash';

export interface EntryOfDeps {
  entries: EntryStore;
  codes?: Pick<CodeDirectory, 'labelsOf'>;
  /** the key of the user hash (entryKeyOf of the environment's scene secret) */
  entryKey: Buffer;
}

/**
 * What brought a user: the code or link of their first recorded entry into the app and of their last, with the batch
 * label of each code. For a team's own function, e.g. to stamp an order with its source; the openid is hashed here and
 * goes nowhere else. Two database requests (the user's markers, the labels).
 */
export async function entryOf(openid: string, deps: EntryOfDeps): Promise<{ first: EntrySourceRow | null; last: EntrySourceRow | null }> {
  const markers = await deps.entries.markersOfUsers([hashUser(deps.entryKey, openid)]);
  if (markers.length === 0) return { first: null, last: null };
  const first = markers.reduce((a, b) => (b.firstAt < a.firstAt ? b : a));
  const last = markers.reduce((a, b) => (b.lastAt > a.lastAt ? b : a));
  const scenes = [...new Set([first, last].filter((m) => m.kind === 'scene').map((m) => m.source))];
  const labels = deps.codes && scenes.length > 0 ? await deps.codes.labelsOf(scenes) : new Map<string, string>();
  const row = (marker: EntryMarker, at: number): EntrySourceRow => ({
    kind: marker.kind,
    scene: marker.source,
    ...(marker.kind === 'scene' && labels.has(marker.source) ? { label: labels.get(marker.source) } : {}),
    at: new Date(at).toISOString(),
  });
  return { first: row(first, first.firstAt), last: row(last, last.lastAt) };
}
