import { MemoryLinkIndex } from '../../adapters/memory/link-index';
import { MemoryLinkMaker } from '../../adapters/memory/link-maker';
import { MemoryRateCounter } from '../../adapters/memory/rate-counter';
import { MemorySceneStore } from '../../adapters/memory/scene-store';
import { DEFAULT_LINK_CAPS, LinkCaps, type LinkCapLimits } from '../links/link-caps';
import { LinkService } from '../links/link-service';

/** 2026-12-07 12:00 China time */
export const LINK_TEST_START = Date.parse('2026-12-07T04:00:00Z');

/** A LinkService on in-memory adapters with a virtual clock (advance it with `clock.advance(ms)`). */
export function memoryLinks(limits: Partial<LinkCapLimits> = {}) {
  let now = LINK_TEST_START;
  const clock = { now: () => now, advance: (ms: number) => void (now += ms), set: (ms: number) => void (now = ms) };
  const maker = new MemoryLinkMaker();
  const index = new MemoryLinkIndex();
  const counter = new MemoryRateCounter();
  const caps = new LinkCaps({ ...DEFAULT_LINK_CAPS, ...limits }, counter, clock);
  const scenes = new MemorySceneStore();
  const sleeps: number[] = [];
  const service = new LinkService({ maker, index, caps, clock, claimWaitMs: 1000, claimPollMs: 250, sleep: async (ms) => void (sleeps.push(ms), (now += ms)) });
  return { clock, maker, index, counter, caps, scenes, service, sleeps };
}
