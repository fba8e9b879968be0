/**
 * startKubeLite: the whole server in one call — PKI under the data dir, storage, the API
 * handler on HTTPS, and an admin kubeconfig. The CLI (bin.ts) and the tests use it.
 *
 * @example
 * const kl = await startKubeLite({ securePort: 0, dataDir: tmp });
 * // kubectl --kubeconfig kl.kubeconfigPath get ns
 * await kl.close();
 */
import { readFile } from 'node:fs/promises';
import type { RequestListener } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { loadOrCreatePki, writeKubeconfig } from '@apiserver-kit/pki';
import type { Storage } from '@apiserver-kit/core';
import { type ApiServerHandler, type Logger, createApiServer, consoleLogger } from '@apiserver-kit/server';
import { impersonate } from '@apiserver-kit/authn';
import type { Authorizer } from '@apiserver-kit/core';
import type { Filter } from '@apiserver-kit/server';
import { buildAuthentication } from './auth.js';
import { buildAdmission } from './admission.js';
import { buildAuthorization } from './rbac.js';
import { type KubeLiteConfig, parseFlags } from './flags.js';
import { createStorage } from './storage.js';

/** kube-apiserver's impersonation filter, between authentication and authorization. */
function impersonationFilter(authorizer: Authorizer): Filter {
  return async (x, next) => {
    const user = await impersonate(x.req, authorizer);
    if (user) x.req.user = user;
    return next(x);
  };
}

/** The authentication flags' defaults, for callers that pass none. */
function parseAuthDefaults() {
  const parsed = parseFlags([]);
  if (parsed === 'help') throw new Error('unreachable');
  return parsed.auth;
}

export interface KubeLite {
  url: string;
  port: number;
  kubeconfigPath: string;
  close(): Promise<void>;
}

export interface StartOptions extends Partial<KubeLiteConfig> {
  logger?: Logger;
  /** Use this storage instead of a new one from `storage`; the caller closes it. */
  storageInstance?: Storage;
  /** Wrap the API handler (tests use it to observe or hold requests). */
  wrapHandler?(api: ApiServerHandler): RequestListener;
  /** The kubeconfig's cluster name; default "kube-lite". */
  clusterName?: string;
}

export async function startKubeLite(options: StartOptions = {}): Promise<KubeLite> {
  const bindAddress = options.bindAddress ?? '127.0.0.1';
  const dataDir = resolve(options.dataDir ?? '.kube-lite');
  const log = options.logger ?? consoleLogger;
  const hosts = ['localhost', '127.0.0.1', '::1', ...(bindAddress === '0.0.0.0' || bindAddress === '::' ? [] : [bindAddress])];
  const pki = await loadOrCreatePki(join(dataDir, 'pki'), { hosts: [...new Set(hosts)] });
  const cert = options.tlsCertFile ? await readFile(options.tlsCertFile, 'utf8') : pki.serving.certPem;
  const key = options.tlsPrivateKeyFile ? await readFile(options.tlsPrivateKeyFile, 'utf8') : pki.serving.keyPem;
  const clientCa = options.clientCaFile ? await readFile(options.clientCaFile, 'utf8') : pki.ca.certPem;

  const storage = options.storageInstance ?? (await createStorage({ ...options, storage: options.storage ?? 'sqlite', dataDir }));
  // A failed start (a port in use, say) must not leave the storage open (SQLite holds a lock).
  const ownsStorage = !options.storageInstance;
  const { api, server, authz, admission } = await (async () => {
    const authConfig = options.auth ?? parseAuthDefaults();
    // The service-account lookup reads the server's own registry, which exists once the server does.
    const auth = await buildAuthentication(authConfig, { dataDir, clientCaPem: clientCa, registry: () => api.registry });
    const authz = buildAuthorization(options.authorizationModes ?? ['RBAC'], log, options.authorization);
    const authorizer = authz.authorizer;
    const admission = await buildAdmission(options.admission ?? { enable: [], disable: [] }, authz.validating, log);
    const api: ApiServerHandler = createApiServer({
      storage,
      logger: log,
      authenticator: auth.authenticator,
      authorizer,
      credentialHeaders: auth.strip,
      filters: [impersonationFilter(authorizer)],
      resources: [...authz.resources, ...admission.resources],
      admission: { mutating: admission.mutating, validating: admission.validating },
      namespaceLifecycle: false,
      virtualResources: [...auth.virtualResources, ...authz.virtualResources],
      subresources: auth.subresources,
      ...(options.maxRequestBodyBytes ? { maxRequestBodyBytes: options.maxRequestBodyBytes } : {}),
    });
    await api.ready;
    await authz.start(api);
    await admission.start(api);
    const listener = options.wrapHandler ? options.wrapHandler(api) : api;
    const server = https.createServer({ cert, key, ca: clientCa, requestCert: true, rejectUnauthorized: false }, listener);
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(options.securePort ?? 6443, bindAddress, () => ok());
    });
    return { api, server, authz, admission };
  })().catch(async (err: unknown) => {
    if (ownsStorage) await storage.close().catch(() => {});
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  const host = bindAddress === '0.0.0.0' || bindAddress === '::' ? '127.0.0.1' : bindAddress;
  const url = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  api.setExternalAddress(`${host}:${port}`);
  const kubeconfigPath = join(dataDir, 'admin.kubeconfig');
  await writeKubeconfig(kubeconfigPath, {
    server: url,
    caPem: pki.ca.certPem,
    clientCertPem: pki.admin.certPem,
    clientKeyPem: pki.admin.keyPem,
    clusterName: options.clusterName ?? 'kube-lite',
  });
  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    kubeconfigPath,
    close() {
      closed ??= (async () => {
        authz.stop();
        admission.stop();
        await api.close();
        await new Promise<void>((r) => {
          server.close(() => r());
          server.closeAllConnections();
        });
        if (ownsStorage) await storage.close();
      })();
      return closed;
    },
  };
}
