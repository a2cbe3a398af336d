import { runHousekeeping, SCENE_GRACE_DAYS, type ExpiringStore } from './housekeeping';

function recordingStore(removed: number) {
  const cutoffs: Date[] = [];
  const store: ExpiringStore = { removeExpiredBefore: async (cutoff) => (cutoffs.push(cutoff), removed) };
  return { store, cutoffs };
}

test('rate windows go as soon as they end; scene payloads only after the grace period, so late scans hear "expired"', async () => {
  const rate = recordingStore(4);
  const scenes = recordingStore(2);
  const now = new Date('2026-11-22T00:00:00Z');
  expect(await runHousekeeping({}, { rateWindows: rate.store, scenePayloads: scenes.store }, now)).toEqual({ errCode: 0, errMsg: 'ok', removed: { rateWindows: 4, scenePayloads: 2 } });
  expect(rate.cutoffs).toEqual([now]);
  expect(scenes.cutoffs).toEqual([new Date(now.getTime() - SCENE_GRACE_DAYS * 86_400_000)]);
});

test('a mini program user is refused and nothing is removed', async () => {
  const rate = recordingStore(1);
  const scenes = recordingStore(1);
  const result = await runHousekeeping({ openid: 'oUser' }, { rateWindows: rate.store, scenePayloads: scenes.store });
  expect(result.errCode).toBe(-700101);
  expect([...rate.cutoffs, ...scenes.cutoffs]).toEqual([]);
});

test('a database failure comes back as {errCode, errMsg}', async () => {
  const failing: ExpiringStore = { removeExpiredBefore: async () => Promise.reject(Object.assign(new Error('x'), { errCode: -502001, errMsg: 'database request failed' })) };
  expect(await runHousekeeping({}, { rateWindows: failing, scenePayloads: failing })).toEqual({ errCode: -502001, errMsg: 'database request failed' });
});

test('link documents go a day after their link expired', async () => {
  const links = recordingStore(3);
  const now = new Date('2026-11-22T00:00:00Z');
  const result = await runHousekeeping({}, { rateWindows: recordingStore(0).store, scenePayloads: recordingStore(0).store, expiredLinks: links.store }, now);
  expect(result).toEqual({ errCode: 0, errMsg: 'ok', removed: { rateWindows: 0, scenePayloads: 0, expiredLinks: 3 } });
  expect(links.cutoffs).toEqual([new Date(now.getTime() - 86_400_000)]);
});
