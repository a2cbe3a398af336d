import QRCode from 'qrcode';
import { WxacodeError } from '../../core/errors';
import type { CodeImage, CodeRequest } from '../../core/params/types';
import type { CodeGenerator } from '../../core/ports';

/**
 * Stands in for WeChat in core tests: a real PNG QR code of the request, a log of every call, and
 * scripted failures (`failNext`) to exercise retries and error paths.
 */
export class MemoryCodeGenerator implements CodeGenerator {
  readonly calls: CodeRequest[] = [];
  private readonly scripted: (WxacodeError | CodeImage)[] = [];

  failNext(errCode: number, errMsg = 'scripted failure'): this {
    this.scripted.push(new WxacodeError(errCode, errMsg));
    return this;
  }

  replyNext(image: CodeImage): this {
    this.scripted.push(image);
    return this;
  }

  async generate(request: CodeRequest): Promise<CodeImage> {
    this.calls.push(request);
    const next = this.scripted.shift();
    if (next instanceof WxacodeError) throw next;
    if (next) return next;
    const buffer = await QRCode.toBuffer(JSON.stringify(request), { type: 'png', margin: 2, scale: 4 });
    return { contentType: 'image/png', buffer };
  }
}
