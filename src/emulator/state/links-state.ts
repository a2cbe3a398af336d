import { openDatabaseState, type DatabaseState, type Document } from './database-state';

export type LinkKind = 'urlLink' | 'urlScheme' | 'nfcScheme' | 'shortLink';

/** A link the emulated WeChat made, as its query APIs and the open route need it. Times in Unix seconds, like WeChat's. */
export interface LinkRecord {
  /** the ticket (URL Link / URL Scheme) or code (Short Link) that names the link */
  ticket: string;
  kind: LinkKind;
  /** the link exactly as WeChat handed it out */
  link: string;
  /** the page it opens, no leading slash; the app's home page when none was given */
  path: string;
  query: string;
  envVersion: string;
  createTime: number;
  /** 0: never expires (permanent Short Links, NFC schemes) */
  expireTime: number;
  /** counted against the permanent quota (85400) */
  permanent: boolean;
  cloudBase?: { env: string; domain: string; path: string; query: string; resource_appid: string };
  modelId?: string;
  sn?: string;
  pageTitle?: string;
}

/** Counts of one China-time day, kept beside the links so the caps hold across a restart. */
export interface DayCounts {
  urlLink: number;
  urlScheme: number;
  nfcScheme: number;
  shortLink: number;
  opens: number;
}

/**
 * The emulated WeChat's links, on disk with the rest of the emulator's state (the database state's journal format in
 * `<dataDir>/wechat-links`), so a link made before a restart can still be queried and opened after it. Every method
 * that changes something updates memory synchronously before it writes, so callers that check a cap and then add
 * cannot be overtaken by a concurrent call.
 */
export interface LinksState {
  get(ticket: string): LinkRecord | undefined;
  /** the NFC scheme already made for this device (model_id + sn), if any */
  nfcSchemeOf(modelId: string, sn: string): LinkRecord | undefined;
  add(record: LinkRecord, day: string): Promise<void>;
  countsOn(day: string): DayCounts;
  /** permanent Short Links and NFC schemes made in the app's lifetime */
  permanentCount(): number;
  addOpen(day: string): Promise<void>;
  all(): LinkRecord[];
  clear(): Promise<void>;
  flush(): Promise<void>;
}

const LINKS = 'links';
const DAYS = 'days';

const emptyCounts = (): DayCounts => ({ urlLink: 0, urlScheme: 0, nfcScheme: 0, shortLink: 0, opens: 0 });

export async function openLinksState(dir: string | undefined): Promise<LinksState> {
  const database: DatabaseState = await openDatabaseState(dir);
  let permanent = 0;
  const devices = new Map<string, LinkRecord>();
  const deviceKey = (modelId: string, sn: string) => `${modelId}\u0000${sn}`;
  const index = () => {
    permanent = 0;
    devices.clear();
    for (const doc of database.documents(LINKS) ?? []) {
      const record = toRecord(doc);
      if (record.permanent) permanent += 1;
      if (record.kind === 'nfcScheme') devices.set(deviceKey(record.modelId ?? '', record.sn ?? ''), record);
    }
  };
  index();

  const dayDoc = (day: string): Document | undefined => database.findById(DAYS, day);
  // made before any write: create() clears a stale journal, which must not race a write's journal append
  const ensureCollections = async () => {
    for (const name of [LINKS, DAYS]) if (!database.has(name)) await database.create(name);
  };
  await ensureCollections();
  const bump = async (day: string, field: keyof DayCounts) => {
    const existing = dayDoc(day);
    let written: Promise<void>;
    if (existing) {
      const at = database.documents(DAYS)!.indexOf(existing);
      const doc = { ...existing, [field]: (Number(existing[field]) || 0) + 1 };
      written = database.replaceAt(DAYS, [{ index: at, doc }]);
    } else {
      written = database.insert(DAYS, [{ _id: day, ...emptyCounts(), [field]: 1 }]);
    }
    await written;
  };

  return {
    get: (ticket) => {
      const doc = database.findById(LINKS, ticket);
      return doc ? toRecord(doc) : undefined;
    },
    nfcSchemeOf: (modelId, sn) => devices.get(deviceKey(modelId, sn)),
    async add(record, day) {
      if (record.permanent) permanent += 1;
      if (record.kind === 'nfcScheme') devices.set(deviceKey(record.modelId ?? '', record.sn ?? ''), record);
      const inserted = database.insert(LINKS, [{ _id: record.ticket, ...record }]);
      const counted = bump(day, record.kind);
      await Promise.all([inserted, counted]);
    },
    countsOn(day) {
      const doc = dayDoc(day);
      const counts = emptyCounts();
      if (!doc) return counts;
      for (const key of Object.keys(counts) as (keyof DayCounts)[]) counts[key] = Number(doc[key]) || 0;
      return counts;
    },
    permanentCount: () => permanent,
    addOpen: (day) => bump(day, 'opens'),
    all: () => (database.documents(LINKS) ?? []).map(toRecord),
    async clear() {
      await database.clear();
      index();
      await ensureCollections();
    },
    flush: () => database.flush(),
  };
}

function toRecord(doc: Document): LinkRecord {
  const { _id: _ignored, ...rest } = doc;
  return rest as unknown as LinkRecord;
}
