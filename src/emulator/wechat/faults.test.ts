import { createFaultController, DEFAULT_FAULTS } from './faults';

describe('fault controller', () => {
  it('starts from defaults plus the initial patch and applies later patches', () => {
    const faults = createFaultController({ latencyMs: 5 });
    expect(faults.get()).toEqual({ ...DEFAULT_FAULTS, latencyMs: 5 });
    expect(faults.set({ force45009: true, systemErrorRate: 0.5 })).toEqual({ ...DEFAULT_FAULTS, latencyMs: 5, force45009: true, systemErrorRate: 0.5 });
  });

  it.each([
    [{ systemErrorRate: 1.5 }, /systemErrorRate must be a number from 0 to 1/],
    [{ systemErrorRate: -0.1 }, /systemErrorRate/],
    [{ systemErrorRate: '0.5' }, /systemErrorRate/],
    [{ latencyMs: -1 }, /latencyMs/],
    [{ latencyMs: Number.POSITIVE_INFINITY }, /latencyMs/],
    [{ force45009: 'yes' }, /force45009 must be true or false/],
    [{ force45029: 1 }, /force45029/],
    [{ forceAll: true }, /unknown fault setting "forceAll"/],
    [{ hasOwnProperty: 1 }, /unknown fault setting "hasOwnProperty"/],
    [{ constructor: true }, /unknown fault setting "constructor"/],
    [JSON.parse('{"__proto__": {"force45009": true}}'), /unknown fault setting "__proto__"/],
  ])('refuses %j naming the field, and changes nothing', (patch, message) => {
    const faults = createFaultController();
    expect(() => faults.set(patch as never)).toThrow(message);
    expect(faults.get()).toEqual(DEFAULT_FAULTS);
  });

  it('refuses a bad initial setting', () => {
    expect(() => createFaultController({ systemErrorRate: 2 })).toThrow(/systemErrorRate/);
  });

  it('hands out copies, so editing one does not change the settings', () => {
    const faults = createFaultController();
    const copy = faults.get();
    copy.force45029 = true;
    expect(faults.get().force45029).toBe(false);
  });
});
