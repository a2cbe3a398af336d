export * from './types';
export { createWechatService, type WechatServiceOptions } from './service';
export { readAppPages, parseAppPages, type AppPages } from './app-pages';
export { renderCode, type RenderOptions, type RenderedCode } from './render';
export { WechatErrcode, WECHAT_ERRMSG, LINK_ERRCODES, wechatErrorBody, type WechatErrorBody } from './errors';
export { DEFAULT_FAULTS } from './faults';
export { decodeImage, type DecodedImage } from './decode-image';
export * from './links';
