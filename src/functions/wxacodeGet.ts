import { cloudRuntime } from '../adapters/wx-server-sdk';
import { handleCodeEvent } from '../core/handler/handle-code-event';

/** Cloud function `wxacodeGet`: wxacode.get (at most 100,000 codes per app, ever), cached. */
export async function main(event: unknown) {
  return handleCodeEvent('wxacode.get', event, cloudRuntime().codes);
}
