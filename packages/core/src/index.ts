/**
 * @apiserver-kit/core — the contract every block speaks: objects, requests, users, errors,
 * selectors, validation, resource definitions, and the Authenticator / Authorizer /
 * admission / Storage interfaces.
 *
 * @example
 * import { errors, parseLabelSelector, type Storage } from '@apiserver-kit/core';
 * const sel = parseLabelSelector('app in (web,api),!canary');
 * if (!sel.matches(obj.metadata.labels)) throw errors.notFound({ group: '', resource: 'pods' }, 'x');
 */
export * from './objects.js';
export * from './strict-schemas.js';
export * from './records.js';
export * from './gvk.js';
export * from './user.js';
export * from './status.js';
export * as errors from './errors.js';
export type { GroupKind } from './errors.js';
export * from './field-errors.js';
export * from './request-info.js';
export * from './request.js';
export * from './authn.js';
export * from './authz.js';
export * from './admission.js';
export * from './storage.js';
export * from './resource.js';
export * from './selectors/types.js';
export * from './selectors/labels.js';
export * from './selectors/fields.js';
export * from './validation.js';
export * from './request-info-resolver.js';
export * from './node.js';
export * from './virtual.js';
export { goQuote, goQuoteList, goStringSlice, compareGo, aggregateMessage } from './go-format.js';
export * from './duration.js';
