import { decodeImage } from './decode-image';
import { renderCode } from './render';

const near = (actual: number, expected: number, tolerance: number) => Math.abs(actual - expected) <= tolerance;

describe('renderCode', () => {
  it('draws a JPEG of the asked width whose QR text and dark colour read back', async () => {
    const text = JSON.stringify({ api: 'wxacode.getUnlimited', scene: 'id=42' });
    const color = { r: 200, g: 30, b: 60 };
    const image = await renderCode(text, { width: 430, color, transparent: false });

    expect(image.contentType).toBe('image/jpeg');
    const decoded = decodeImage(image.buffer);
    expect([decoded.width, decoded.height]).toEqual([430, 430]);
    expect(decoded.text).toBe(text);
    const dark = decoded.darkPixel!;
    expect([near(dark.r, color.r, 24), near(dark.g, color.g, 24), near(dark.b, color.b, 24)]).toEqual([true, true, true]);
    const corner = decoded.pixel(2, 2);
    expect(Math.min(corner.r, corner.g, corner.b)).toBeGreaterThan(235);
  });

  it('draws a PNG with a fully transparent background when transparent', async () => {
    const text = 'hello from the emulator';
    const image = await renderCode(text, { width: 300, color: { r: 0, g: 0, b: 255 }, transparent: true });

    expect(image.contentType).toBe('image/png');
    const decoded = decodeImage(image.buffer);
    expect(decoded.text).toBe(text);
    expect(decoded.pixel(0, 0).a).toBe(0);
    expect(decoded.darkPixel).toEqual({ r: 0, g: 0, b: 255, a: 255 });
  });

  it.each([280, 431, 1280])('keeps a long payload readable at %i px', async (width) => {
    const text = JSON.stringify({ api: 'wxacode.get', path: `pages/a/b?${'x'.repeat(118)}`, width, line_color: { r: '10', g: 10, b: 10 } });
    const decoded = decodeImage((await renderCode(text, { width, color: { r: 10, g: 10, b: 10 }, transparent: false })).buffer);
    expect(decoded.width).toBe(width);
    expect(decoded.text).toBe(text);
  });

  it('refuses bad options with an error naming the option', async () => {
    const ok = { width: 300, color: { r: 0, g: 0, b: 0 }, transparent: false };
    await expect(renderCode('', ok)).rejects.toThrow(/text/);
    await expect(renderCode('x', { ...ok, width: 12.5 })).rejects.toThrow(/width/);
    await expect(renderCode('x', { ...ok, color: { r: 0, g: 300, b: 0 } })).rejects.toThrow(/color\.g/);
    await expect(renderCode('x', { ...ok, transparent: 'yes' as unknown as boolean })).rejects.toThrow(/transparent/);
    await expect(renderCode('x'.repeat(100), { ...ok, width: 30 })).rejects.toThrow(/too small/);
    await expect(renderCode('x'.repeat(5000), ok)).rejects.toThrow(/does not fit/);
  });
});
