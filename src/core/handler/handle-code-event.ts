import type { CodeService } from '../delivery/code-service';
import type { Delivered, Failure } from '../delivery/results';
import { toWxacodeError } from '../errors';
import type { WxacodeApi } from '../params/types';
import { validateParams } from '../validation/validate-params';
import { parseEvent } from './event';

/** The body of every code-making cloud function. Never throws: every failure is `{errCode, errMsg}`. */
export async function handleCodeEvent(api: WxacodeApi, event: unknown, service: CodeService): Promise<Delivered | Failure> {
  try {
    const { params, options } = parseEvent(api, event);
    const request = validateParams(api, params);
    return await service.deliver(request, options);
  } catch (error) {
    const { errCode, errMsg } = toWxacodeError(error);
    return { errCode, errMsg };
  }
}
