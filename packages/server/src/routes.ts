/**
 * Non-resource endpoints: /version, /healthz, /livez, /readyz, discovery (/api, /apis...) and
 * OpenAPI (/openapi/v2, /openapi/v3...). Discovery and OpenAPI documents are built once per set
 * of definitions and served from precomputed bytes.
 */
import { type ResourceDefinition, errors, header } from '@apiserver-kit/core';
import { buildDiscovery } from './discovery/index.js';
import type { Exchange } from './filters/chain.js';
import { type HealthCheck, type HealthEndpoint, serveHealth } from './health.js';
import { writeBytes, writeObject } from './http/index.js';
import type { Logger } from './logger.js';
import { buildOpenApi } from './openapi/index.js';
import type { ResourceRegistry } from './registry/registry.js';
import type { VersionInfo } from './version.js';

export interface RouteOptions {
  registry: ResourceRegistry;
  version: VersionInfo;
  healthChecks: HealthCheck[];
  isReady(): boolean;
  log: Logger;
  externalAddress: string;
}

export interface NonResourceRoutes {
  serve(x: Exchange): Promise<void>;
  setExternalAddress(address: string): void;
  /** Rebuild discovery and OpenAPI after the set of resources changed. */
  refresh(): void;
}

export function nonResourceRoutes(o: RouteOptions): NonResourceRoutes {
  let address = o.externalAddress;
  let discovery = buildDiscovery(o.registry.definitions, { serverAddress: address });
  // Strategic merge patch is offered only where the server accepts it (built-in types).
  const openapiOptions = {
    strategicMergePatch: (d: ResourceDefinition) => o.registry.lookup(d.group, d.versions[0]!, d.plural)?.builtin ?? false,
  };
  let openapi = buildOpenApi(o.registry.definitions, openapiOptions);
  const refresh = () => {
    discovery = buildDiscovery(o.registry.definitions, { serverAddress: address });
    openapi = buildOpenApi(o.registry.definitions, openapiOptions);
  };
  const checks = (endpoint: HealthEndpoint): HealthCheck[] => {
    const base: HealthCheck[] = [{ name: 'ping', check: () => {} }, { name: 'log', check: () => {} }, ...o.healthChecks];
    if (endpoint === 'readyz') {
      base.push({
        name: 'informer-sync',
        check: () => {
          if (!o.isReady()) throw new Error('not yet ready');
        },
      });
      base.push({ name: 'shutdown', check: () => {} });
    }
    return base;
  };
  return {
    setExternalAddress(a) {
      address = a;
      refresh();
    },
    refresh,
    async serve(x) {
      const { req, res } = x;
      const path = req.path;
      const method = req.method;
      const health = /^\/(healthz|livez|readyz)(?:\/(.*))?$/.exec(path);
      if (health && (method === 'GET' || method === 'HEAD')) {
        const endpoint = health[1] as HealthEndpoint;
        return serveHealth(res, endpoint, checks(endpoint), req.query, health[2] ?? '', (m) => o.log.warn(m));
      }
      if (path === '/version' || path === '/version/') {
        if (method !== 'GET') throw errors.methodNotSupported({ group: '', resource: '' }, method);
        return writeObject(res, 200, o.version);
      }
      if (method === 'GET' || method === 'HEAD') {
        const accept = header(req, 'accept');
        const inm = header(req, 'if-none-match');
        const answer = path.startsWith('/openapi') ? openapi.serve(path, accept, inm, req.query) : discovery.serve(path, accept, inm);
        if (answer) return writeBytes(res, answer.status, answer.body, answer.headers['Content-Type'] ?? 'application/json', answer.headers);
      }
      throw errors.pathNotFound();
    },
  };
}
