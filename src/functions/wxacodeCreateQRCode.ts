import { cloudRuntime } from '../adapters/wx-server-sdk';
import { handleCodeEvent } from '../core/handler/handle-code-event';

/** Cloud function `wxacodeCreateQRCode`: wxacode.createQRCode (square QR, shares the 100,000 lifetime quota), cached. */
export async function main(event: unknown) {
  return handleCodeEvent('wxacode.createQRCode', event, cloudRuntime().codes);
}
