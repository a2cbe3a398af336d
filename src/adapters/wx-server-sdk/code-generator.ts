import type { CodeImage, CodeRequest, WxacodeApi } from '../../core/params/types';
import type { CodeGenerator } from '../../core/ports';
import type { CloudSdk } from './cloud';

const METHOD: Record<WxacodeApi, string> = {
  'wxacode.get': 'get',
  'wxacode.createQRCode': 'createQRCode',
  'wxacode.getUnlimited': 'getUnlimited',
};

/** WeChat through `cloud.openapi` (cloud calls): wx-server-sdk turns camelCase into WeChat's snake_case. */
export class CloudCodeGenerator implements CodeGenerator {
  constructor(private readonly cloud: CloudSdk) {}

  async generate(request: CodeRequest): Promise<CodeImage> {
    const reply = await this.cloud.openapi.wxacode[METHOD[request.api]]({ ...request.params });
    return { contentType: String(reply?.contentType ?? ''), buffer: reply?.buffer };
  }
}
