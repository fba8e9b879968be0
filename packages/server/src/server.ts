/**
 * createApiServer: a connect-style `(req, res, next?)` handler serving a Kubernetes-compatible
 * API from a Storage, through the filter chain of DESIGN.md:
 *
 *   panic recovery -> request info -> timeout -> authentication -> audit id -> authorization -> REST
 *
 * @example
 * import http from 'node:http';
 * import { MemoryStorage } from '@apiserver-kit/storage';
 * const api = createApiServer({ storage: new MemoryStorage() });
 * await api.ready;
 * http.createServer(api).listen(8080);
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type ApiRequest,
  type Authenticator,
  type Authorizer,
  type MutatingPlugin,
  type ResourceDefinition,
  type Storage,
  type ValidatingPlugin,
  type VirtualResource,
  type CreateSubresource,
  errors,
  fromIncomingMessage,
  mutatingChain,
  validatingChain,
} from '@apiserver-kit/core';
import { builtinResources } from './builtins/index.js';
import { type Exchange, type Filter, compose } from './filters/chain.js';
import { type CredentialHeaders, authenticationFilter, authorizationFilter } from './filters/authn.js';
import { timeoutFilter } from './filters/timeout.js';
import { type HealthCheck } from './health.js';
import { defaultMaxBodyBytes, writeError } from './http/index.js';
import { type Logger, consoleLogger } from './logger.js';
import { defaultNamespaces, ensureNamespaces, namespaceHooks, namespaceLifecycle, startNamespaceController } from './namespaces.js';
import { ResourceRegistry } from './registry/registry.js';
import { handleResource } from './rest/resource.js';
import { handleSubresource, handleVirtual } from './rest/virtual.js';
import { type NonResourceRoutes, nonResourceRoutes } from './routes.js';
import { type VersionInfo, defaultVersionInfo } from './version.js';
import { fieldTracker } from './managed-fields.js';

export interface ApiServerOptions {
  storage: Storage;
  /** Resources served besides the built-ins. */
  resources?: ResourceDefinition[];
  /** Serve the built-in resources (namespaces, configmaps, secrets, ...). Default true. */
  builtins?: boolean;
  /** Default: every request is anonymous (logged as insecure). */
  authenticator?: Authenticator;
  /** Default: everything is allowed (logged as insecure). */
  authorizer?: Authorizer;
  admission?: { mutating?: MutatingPlugin[]; validating?: ValidatingPlugin[] };
  /**
   * Run the server's minimal NamespaceLifecycle check (no creates in a missing or terminating
   * namespace) before `admission.validating`. Default true; turn it off when the admission
   * chain brings its own (the admission package's NamespaceLifecycle).
   */
  namespaceLifecycle?: boolean;
  /** Default 3 MiB, as kube-apiserver. */
  maxRequestBodyBytes?: number;
  /** The cap on `?timeout`, default 60 s (kube's --request-timeout). */
  requestTimeoutSeconds?: number;
  version?: Partial<VersionInfo>;
  /** Extra named checks for /healthz, /livez and /readyz. */
  healthChecks?: HealthCheck[];
  logger?: Logger;
  /** host:port clients reach the server at (for /api's serverAddressByClientCIDRs). */
  externalAddress?: string;
  /** Filters run after authentication and before authorization (audit, impersonation, flow control). */
  filters?: Filter[];
  /** Front-proxy headers (X-Remote-User...) to remove after authentication; Authorization always is. */
  credentialHeaders?: CredentialHeaders;
  /** Create-only resources without storage (TokenReview, SelfSubjectReview, access reviews). */
  virtualResources?: VirtualResource[];
  /** Create subresources of stored resources (serviceaccounts/<name>/token). */
  subresources?: CreateSubresource[];
}

export type ApiServerHandler = ((req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void) & {
  /** Resolves when the built-in namespaces exist and the server is ready. */
  ready: Promise<void>;
  registry: ResourceRegistry;
  /** Stops background work (namespace controller); the storage is the caller's to close. */
  close(): Promise<void>;
  /** Set the address the server is reachable at (once the port is known). */
  setExternalAddress(address: string): void;
};

/** The paths an API server owns; anything else falls through to `next` when mounted in a framework. */
export function isApiPath(path: string): boolean {
  return /^\/(api|apis|healthz|livez|readyz|version|openapi)(\/|$)/.test(path);
}

export function createApiServer(options: ApiServerOptions): ApiServerHandler {
  const log = options.logger ?? consoleLogger;
  if (!options.authenticator) log.warn('INSECURE: no authenticator configured; every request is anonymous');
  if (!options.authorizer) log.warn('INSECURE: no authorizer configured; every request is allowed');
  const maxBody = options.maxRequestBodyBytes ?? defaultMaxBodyBytes;
  const validating = [
    ...(options.namespaceLifecycle === false ? [] : [namespaceLifecycle(() => registry)]),
    ...(options.admission?.validating ?? []),
  ];
  const mutating = options.admission?.mutating ?? [];
  const registry: ResourceRegistry = new ResourceRegistry(options.storage, {
    ...(mutating.length > 0 ? { mutating: mutatingChain(...mutating) } : {}),
    validating: validatingChain(...validating),
  });
  for (const sub of options.subresources ?? []) registry.addSubresource(sub);
  for (const def of options.builtins === false ? [] : builtinResources) {
    const isNs = def.group === '' && def.plural === 'namespaces';
    const hooks = { trackFields: fieldTracker(def), ...(isNs ? namespaceHooks : {}) };
    registry.add(def, { builtin: true, hooks, returnDeletedObject: isNs });
  }
  for (const def of options.resources ?? []) registry.add(def, { hooks: { trackFields: fieldTracker(def) } });
  for (const vr of options.virtualResources ?? []) registry.addVirtual(vr);

  let ready = false;
  const storageCheck: HealthCheck = { name: 'etcd', check: async () => void (await options.storage.currentRevision()) };
  const routes: NonResourceRoutes = nonResourceRoutes({
    registry,
    version: { ...defaultVersionInfo(), ...options.version },
    healthChecks: [storageCheck, ...(options.healthChecks ?? [])],
    isReady: () => ready,
    log,
    externalAddress: options.externalAddress ?? '',
  });

  const serve = async (x: Exchange): Promise<void> => {
    const { info } = x.req;
    if (!info.isResourceRequest) return routes.serve(x);
    const call = { req: x.req, raw: x.raw, res: x.res, maxBodyBytes: maxBody };
    const virtual = registry.virtual(info.apiGroup, info.apiVersion, info.resource);
    if (virtual) return handleVirtual(call, virtual);
    const served = registry.lookup(info.apiGroup, info.apiVersion, info.resource);
    if (!served) throw errors.pathNotFound();
    const sub = info.subresource ? registry.subresource(info.apiGroup, info.resource, info.subresource) : undefined;
    if (sub) return handleSubresource(call, served.store, sub);
    return handleResource({
      req: x.req,
      raw: x.raw,
      res: x.res,
      store: served.store,
      version: info.apiVersion,
      maxBodyBytes: maxBody,
      builtin: served.builtin,
      returnDeletedObject: served.returnDeletedObject,
    });
  };

  const auditId: Filter = async (x, next) => {
    x.res.setHeader('Audit-Id', x.req.auditId);
    return next(x);
  };

  const chain = compose(
    [
      auditId,
      timeoutFilter((options.requestTimeoutSeconds ?? 60) * 1000),
      authenticationFilter(options.authenticator, options.credentialHeaders),
      ...(options.filters ?? []),
      authorizationFilter(options.authorizer),
    ],
    serve,
  );

  const handler = ((raw: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => {
    const path = (raw.url ?? '/').split('?')[0] ?? '/';
    if (next && !isApiPath(path)) return next();
    const controller = new AbortController();
    const onClose = () => {
      if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
    };
    res.on('close', onClose);
    let req: ApiRequest;
    try {
      req = fromIncomingMessage(raw, { signal: controller.signal });
    } catch (err) {
      writeError(res, err);
      return;
    }
    const x: Exchange = { req, raw, res, abort: (reason) => controller.abort(reason) };
    chain(x)
      .catch((err: unknown) => {
        if (res.headersSent) {
          if (!res.writableEnded) res.end();
          return;
        }
        const status = writeError(res, err);
        if (status.code >= 500) log.error('request failed', { verb: req.info.verb, path: req.path, error: err instanceof Error ? err.stack : String(err) });
      })
      .finally(() => res.off('close', onClose));
  }) as ApiServerHandler;

  let stopController: () => void = () => {};
  handler.registry = registry;
  handler.ready = (async () => {
    const namespaces = registry.store('', 'namespaces');
    if (namespaces) {
      await ensureNamespaces(namespaces, defaultNamespaces);
      stopController = startNamespaceController(registry, log);
    }
    ready = true;
  })();
  handler.close = async () => {
    stopController();
  };
  handler.setExternalAddress = (address) => routes.setExternalAddress(address);
  return handler;
}
