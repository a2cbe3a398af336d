import { CodeService } from '../../core/delivery/code-service';
import { RetryingGenerator } from '../../core/reliability/retrying-generator';
import { initCloud, type CloudSdk } from './cloud';
import { CloudCodeGenerator } from './code-generator';
import { CloudCodeIndex } from './code-index';
import { CloudFileStore } from './file-store';

export interface CloudRuntime {
  cloud: CloudSdk;
  codes: CodeService;
}

let runtime: CloudRuntime | undefined;

/** One per function instance, made on first use so a cold start that fails validation never loads the SDK twice. */
export function cloudRuntime(): CloudRuntime {
  if (!runtime) {
    const cloud = initCloud();
    const codes = new CodeService({
      generator: new RetryingGenerator(new CloudCodeGenerator(cloud)),
      files: new CloudFileStore(cloud),
      index: new CloudCodeIndex(cloud.database()),
    });
    runtime = { cloud, codes };
  }
  return runtime;
}
