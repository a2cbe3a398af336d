import type { CodeService } from '../delivery/code-service';
import type { Delivered, Failure } from '../delivery/results';
import { toWxacodeError } from '../errors';
import type { WxacodeApi } from '../params/types';
import type { CallerGuard } from '../policy/caller-guard';
import { validateParams } from '../validation/validate-params';
import { parseEvent } from './event';

/**
 * The body of every code-making cloud function: event → validated request → policy → code delivered.
 * Never throws: every failure is `{errCode, errMsg}`.
 */
export async function handleCodeEvent(
  api: WxacodeApi,
  event: unknown,
  service: CodeService,
  guard?: CallerGuard,
): Promise<Delivered | Failure> {
  try {
    guard?.checkEventSize(event);
    const { params, options } = parseEvent(api, event);
    const request = validateParams(api, params);
    guard?.checkPage(request);
    return await service.deliver(request, guard ? { ...options, admit: (r) => guard.admitNewCode(r) } : options);
  } catch (error) {
    const { errCode, errMsg } = toWxacodeError(error);
    return { errCode, errMsg };
  }
}
