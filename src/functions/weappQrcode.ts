import { cloudRuntime } from '../adapters/wx-server-sdk';
import { configuredTokens } from '../core/http-endpoint/bearer-tokens';
import { jsonResponse } from '../core/http-endpoint/http-event';
import { handleWeappQrcode, HttpCode } from '../core/http-endpoint/weapp-qrcode';
import { toWxacodeError } from '../core/errors';
import { CallerGuard } from '../core/policy/caller-guard';
import { invocationDeadline } from '../core/reliability/invocation-deadline';
import { inInvocation } from '../adapters/wx-server-sdk/invocation';

/** HTTP function `weappQrcode` (`tcb fn deploy --path /api/weapp/qrcode`): the "Generate Mini Program Code Interface" endpoint, behind bearer tokens. */
export function main(event: unknown, context?: unknown) {
  return inInvocation(context, () => serve(event, context));
}

async function serve(event: unknown, context: unknown) {
  const deadline = invocationDeadline(Date.now(), context);
  let rt: ReturnType<typeof cloudRuntime>;
  try {
    rt = cloudRuntime();
  } catch (error) {
    // a misconfigured variable names itself; the gateway still gets an answer, not a crash
    return jsonResponse(500, { code: HttpCode.ERROR, msg: toWxacodeError(error).errMsg });
  }
  // HTTP callers have no OPENID: the bearer token is their identity, checked before anything else
  return handleWeappQrcode(event, { service: rt.codes, guard: new CallerGuard(rt.policy, () => ({}), rt.rateCounter), tokens: configuredTokens(process.env), deadline });
}
