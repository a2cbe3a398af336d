import type { SceneData } from './codec';

/** A stored scene switched off by its team (活码 disable): wxacodeResolveScene answers -700005 with the message. */
export interface SceneDisabled {
  message: string;
  at: number;
}

/** A payload kept for a stored scene. No expiresAt: it never expires. */
export interface StoredScene {
  data: SceneData;
  expiresAt?: Date;
  /** 活码: the page the code now lands on, when it was changed after printing */
  page?: string;
  disabled?: SceneDisabled;
  /** false: entries by this code are not recorded (set when the code was made, `recordEntries: false`) */
  recordEntries?: boolean;
}

/** What was set on a stored scene when it was made, besides its data. */
export interface StoredSceneOptions {
  recordEntries?: boolean;
}

/** One change of a stored scene after it was made (活码), kept with it. */
export interface SceneChange {
  at: number;
  /** who: "admin <hash>" (a keyed hash of the openid, never the openid), "http token N", or "trusted" */
  actor: string;
  action: 'update' | 'disable' | 'enable';
  data?: SceneData;
  page?: string;
  message?: string;
}

/** How a change applies: fields given are set; `page: null` goes back to the page the code was made with. */
export interface ScenePatch {
  data?: SceneData;
  page?: string | null;
  disabled?: SceneDisabled | null;
}

/**
 * Where stored scenes live (port). `put` replaces whatever the key held. Keys are already unguessable; the store
 * needs no access rules beyond keeping the collection away from clients.
 */
export interface SceneStore {
  put(key: string, data: SceneData, expiresAt?: Date, options?: StoredSceneOptions): Promise<void>;
  get(key: string): Promise<StoredScene | null>;
  /**
   * Changes the expiry and options of a payload already stored, leaving its data and its 活码 changes as they are
   * (preparing the same data again must not undo a change made after printing).
   */
  amend(key: string, expiresAt: Date | undefined, options: StoredSceneOptions): Promise<void>;
  /** 活码: applies a change to a stored scene and appends it to its history; false when the key holds nothing */
  change(key: string, patch: ScenePatch, record: SceneChange): Promise<boolean>;
  /** the changes made to a stored scene, oldest first; null when the key holds nothing */
  history(key: string): Promise<SceneChange[] | null>;
}
