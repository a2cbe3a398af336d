import { cloudRuntime } from '../adapters/wx-server-sdk';
import { handleCodeEvent } from '../core/handler/handle-code-event';

/** Cloud function `wxacodeGetUnlimited`: wxacode.getUnlimited (unlimited codes, 5,000 calls a minute), cached. */
export async function main(event: unknown) {
  return handleCodeEvent('wxacode.getUnlimited', event, cloudRuntime().codes);
}
