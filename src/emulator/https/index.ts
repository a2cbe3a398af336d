export { createWechatHttpsRoutes, CODE_ROUTES, LINK_ROUTES, type WechatHttpsRoutesOptions } from './routes';
export { createTokenStore, TOKEN_LIFETIME_S, REPLACED_TOKEN_GRACE_MS, type TokenStore, type TokenState } from './tokens';
