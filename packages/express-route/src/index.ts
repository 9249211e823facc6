export { readCapped, readJsonBody } from './capped-body.js';
export type { Clock, RequestEnd } from './request-end.js';
export { contentLength, monotonicNow, onRequestEnd } from './request-end.js';
export type { RequestFilterResult, RequestIgnore } from './request-filter.js';
export { createRequestFilter, REQUEST_IGNORE_ACCEPTED, requestPath } from './request-filter.js';
export type { RoutedRequest } from './route-template.js';
export { createRouteTemplateResolver } from './route-template.js';
