/**
 * @apiserver-kit/server — a Kubernetes-compatible API handler assembled from the kit's blocks.
 *
 * @example
 * import http from 'node:http';
 * import { createApiServer } from '@apiserver-kit/server';
 * import { MemoryStorage } from '@apiserver-kit/storage';
 *
 * const api = createApiServer({ storage: new MemoryStorage() });
 * await api.ready;
 * http.createServer(api).listen(8080, '127.0.0.1');
 * // kubectl --server http://127.0.0.1:8080 get namespaces
 */
export { createApiServer, isApiPath, type ApiServerHandler, type ApiServerOptions } from './server.js';
export type { HealthCheck } from './health.js';
export { type Logger, consoleLogger, silentLogger } from './logger.js';
export { type VersionInfo, defaultVersionInfo, kubernetesCompatibility } from './version.js';
export type { Filter, Exchange } from './filters/chain.js';
export type { CredentialHeaders } from './filters/authn.js';
export { ResourceStore } from './registry/store.js';
export { ResourceRegistry } from './registry/registry.js';
export { builtinResources } from './builtins/index.js';
export { systemContext } from './namespaces.js';
export type { WriteContext } from './registry/context.js';
