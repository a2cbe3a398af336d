export { createHttpAccessRoute, catalogRoutes, type HttpAccessRoute, type HttpAccessRouteOptions } from './http-access-route';
export { toIntegrationRequest, isTextContentType, type IntegrationRequest } from './integration-request';
export { toHttpReply, type HttpReply } from './integration-response';
