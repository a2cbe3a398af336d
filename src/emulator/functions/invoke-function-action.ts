import { TcbError, invalidParam } from '../gateway/tcb-error';
import type { AdminActions, AdminRequest } from '../gateway/types';
import type { FunctionRunner } from '../runner/function-runner';

/** `functions.invokeFunction`: cloud.callFunction from inside a function (§7). */
export function functionActions(runner: FunctionRunner, appid: string): AdminActions {
  return {
    'functions.invokeFunction': async ({ params }: AdminRequest) => {
      const name = params.function_name;
      if (typeof name !== 'string' || name === '') throw invalidParam('function_name must be a non-empty string');
      // node-sdk sends '' when data is undefined
      let event: unknown = {};
      if (typeof params.request_data === 'string' && params.request_data !== '') {
        try {
          event = JSON.parse(params.request_data);
        } catch {
          throw invalidParam('request_data is not JSON');
        }
      }
      // The admin request does not say which user the calling function served, so only the appid is known.
      const outcome = await runner.invoke(name, event, { appid, source: 'scf' });
      if (outcome.status === 'not-found') throw new TcbError('ResourceNotFound.Function', outcome.message);
      if (outcome.status === 'refused') throw invalidParam(outcome.message);
      if (outcome.status === 'failed') {
        throw new TcbError('FUNCTIONS_EXECUTE_FAIL', `function ${name} failed (requestId ${outcome.requestId}): ${outcome.errorMessage}`);
      }
      return { response_data: JSON.stringify(outcome.result) };
    },
  };
}
