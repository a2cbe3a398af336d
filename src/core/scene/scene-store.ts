import type { SceneData } from './codec';

/** A payload kept for a stored scene. No expiresAt: it never expires. */
export interface StoredScene {
  data: SceneData;
  expiresAt?: Date;
}

/**
 * Where stored scenes live (port). `put` replaces whatever the key held. Keys are already unguessable; the store
 * needs no access rules beyond keeping the collection away from clients.
 */
export interface SceneStore {
  put(key: string, data: SceneData, expiresAt?: Date): Promise<void>;
  get(key: string): Promise<StoredScene | null>;
}
