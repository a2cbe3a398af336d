import { cloudRuntime } from '../adapters/wx-server-sdk';
import { configuredTokens } from '../core/http-endpoint/bearer-tokens';
import type { HttpEvent } from '../core/http-endpoint/http-event';
import { handleWeappQrcode } from '../core/http-endpoint/weapp-qrcode';
import { CallerGuard } from '../core/policy/caller-guard';

/** HTTP function `weappQrcode` (`tcb fn deploy --path /api/weapp/qrcode`): the "Generate Mini Program Code Interface" endpoint, behind bearer tokens. */
export async function main(event: HttpEvent) {
  const rt = cloudRuntime();
  // HTTP callers have no OPENID: the bearer token is their identity, checked before anything else
  return handleWeappQrcode(event, { service: rt.codes, guard: new CallerGuard(rt.policy, () => ({}), rt.rateCounter), tokens: configuredTokens(process.env) });
}
