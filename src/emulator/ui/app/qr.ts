import jsQR from 'jsqr';

/** Reads the QR code in an image the way a scanner would: its text, or null when none can be read. */
export async function readQrText(imageUrl: string): Promise<string | null> {
  const blob = await (await fetch(imageUrl)).blob();
  const bitmap = await createImageBitmap(blob);
  const canvas = document.createElement('canvas');
  canvas.width = bitmap.width;
  canvas.height = bitmap.height;
  const context = canvas.getContext('2d');
  if (!context) return null;
  // a transparent PNG reads as black on black without a background, as it would on a dark screen
  context.fillStyle = '#fff';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(bitmap, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  return jsQR(pixels.data, pixels.width, pixels.height)?.data ?? null;
}
