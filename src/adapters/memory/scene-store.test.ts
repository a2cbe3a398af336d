import { MemorySceneStore } from './scene-store';

describe('MemorySceneStore', () => {
  it('gives back copies, so a caller changing its object does not change what is stored', async () => {
    const store = new MemorySceneStore();
    const data = { a: 'x' };
    await store.put('@k', data);
    data.a = 'changed';
    const read = await store.get('@k');
    expect(read).toEqual({ data: { a: 'x' } });
    if (read) read.data.a = 'changed too';
    await expect(store.get('@k')).resolves.toEqual({ data: { a: 'x' } });
  });

  it('keeps the expiry and reads an unknown key as null', async () => {
    const store = new MemorySceneStore();
    const expiresAt = new Date('2030-01-01T00:00:00Z');
    await store.put('@k', { a: 1 }, expiresAt);
    await expect(store.get('@k')).resolves.toEqual({ data: { a: 1 }, expiresAt });
    await expect(store.get('@missing')).resolves.toBeNull();
  });
});
