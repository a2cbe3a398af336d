import type { EntryCount, EntryMarker, EntrySource, EntryStore } from '../../core/entries/entry-store';

/** Entry markers in a Map: for tests. Each method acts as its one database request would, atomically. */
export class MemoryEntryStore implements EntryStore {
  readonly markers = new Map<string, EntryMarker>();
  /** requests made, by method: the cost a test can assert */
  readonly requests: Record<string, number> = {};

  private count(method: string): void {
    this.requests[method] = (this.requests[method] ?? 0) + 1;
  }

  async countAgain(markerId: string, countedBefore: number, count: EntryCount): Promise<boolean> {
    this.count('countAgain');
    const marker = this.markers.get(markerId);
    if (!marker || !(marker.lastAt < countedBefore)) return false;
    marker.lastAt = count.at;
    marker.entries += 1;
    const day = (marker.days[count.day] ??= {});
    day.n = (day.n ?? 0) + 1;
    day[`s${count.sceneValue}`] = (day[`s${count.sceneValue}`] ?? 0) + 1;
    if (count.raw) {
      marker.log = [...(marker.log ?? []), { ...count.raw }];
      marker.logFrom = Math.min(marker.logFrom ?? Infinity, count.raw.at);
    }
    return true;
  }

  async insertFirst(marker: EntryMarker): Promise<boolean> {
    this.count('insertFirst');
    if (this.markers.has(marker._id)) return false;
    this.markers.set(marker._id, structuredCopy(marker));
    return true;
  }

  async markersOf(sources: readonly EntrySource[]): Promise<EntryMarker[]> {
    this.count('markersOf');
    const wanted = new Set(sources.map((s) => `${s.kind}\n${s.id}`));
    return [...this.markers.values()].filter((m) => wanted.has(`${m.kind}\n${m.source}`)).map(structuredCopy);
  }

  async markersOfUsers(users: readonly string[]): Promise<EntryMarker[]> {
    this.count('markersOfUsers');
    const wanted = new Set(users);
    return [...this.markers.values()].filter((m) => wanted.has(m.user)).map(structuredCopy);
  }

  async markFirst(firstIds: readonly string[], notFirstIds: readonly string[]): Promise<void> {
    this.count('markFirst');
    for (const id of firstIds) {
      const marker = this.markers.get(id);
      if (marker) marker.isFirst = true;
    }
    for (const id of notFirstIds) {
      const marker = this.markers.get(id);
      if (marker) marker.isFirst = false;
    }
  }

  async removeUser(user: string): Promise<number> {
    let removed = 0;
    for (const [id, marker] of this.markers) if (marker.user === user && this.markers.delete(id)) removed += 1;
    return removed;
  }

  async dropRawEntriesBefore(cutoff: number): Promise<number> {
    let changed = 0;
    for (const marker of this.markers.values()) {
      if (marker.logFrom === undefined || marker.logFrom >= cutoff) continue;
      const kept = (marker.log ?? []).filter((e) => e.at >= cutoff);
      if (kept.length > 0) {
        marker.log = kept;
        marker.logFrom = Math.min(...kept.map((e) => e.at));
      } else {
        delete marker.log;
        delete marker.logFrom;
      }
      changed += 1;
    }
    return changed;
  }
}

function structuredCopy(marker: EntryMarker): EntryMarker {
  return JSON.parse(JSON.stringify(marker)) as EntryMarker;
}
