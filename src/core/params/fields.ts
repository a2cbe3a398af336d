import type { WxacodeApi } from './types';

/** Which parameters each API takes (the request tables of 获取小程序码, 获取小程序二维码, 获取不限制的小程序码). Anything else in an event is refused, not ignored. */
export const API_FIELDS: Record<WxacodeApi, { required: readonly string[]; optional: readonly string[] }> = {
  'wxacode.get': { required: ['path'], optional: ['width', 'autoColor', 'lineColor', 'isHyaline', 'envVersion'] },
  'wxacode.createQRCode': { required: ['path'], optional: ['width'] },
  'wxacode.getUnlimited': {
    required: ['scene'],
    optional: ['page', 'checkPath', 'envVersion', 'width', 'autoColor', 'lineColor', 'isHyaline'],
  },
};

export function snakeToCamel(key: string): string {
  return key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export function camelToSnake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
