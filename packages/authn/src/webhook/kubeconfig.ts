/**
 * Reads a webhook kubeconfig (the format of `--authentication-token-webhook-config-file`): the
 * cluster is the webhook (server, CA), the user is how we authenticate to it (client
 * certificate or token).
 *
 * @example
 * const config = loadWebhookConfig(fs.readFileSync('/etc/kubernetes/authn-webhook.yaml', 'utf8'),
 *   { baseDir: '/etc/kubernetes' });
 * const webhook = webhookTokenAuthenticator({ ...config, timeoutMs: 5000 });
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

export interface WebhookConfig {
  url: string;
  caPem?: string;
  clientCertPem?: string;
  clientKeyPem?: string;
  bearerToken?: string;
  insecureSkipTlsVerify?: boolean;
}

type Obj = Record<string, unknown>;

function obj(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`webhook kubeconfig: ${what} must be an object`);
  return v as Obj;
}

function named(list: unknown, kind: 'clusters' | 'users' | 'contexts', name: string | undefined): Obj | undefined {
  const items = Array.isArray(list) ? list.map((i) => obj(i, kind)) : [];
  if (name === undefined) {
    if (items.length > 1) throw new TypeError(`webhook kubeconfig: several ${kind} and no current-context`);
    return items[0] === undefined ? undefined : obj(items[0][kind.slice(0, -1)], kind);
  }
  const item = items.find((i) => i.name === name);
  if (!item) throw new TypeError(`webhook kubeconfig: ${kind.slice(0, -1)} "${name}" not found`);
  return obj(item[kind.slice(0, -1)], kind);
}

function str(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new TypeError(`webhook kubeconfig: ${field} must be a string`);
  return v;
}

/** Inline `<field>-data` (base64) or the file named by `<field>`, relative to baseDir. */
function material(section: Obj, field: string, baseDir: string): string | undefined {
  const data = str(section[`${field}-data`], `${field}-data`);
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  const file = str(section[field], field);
  return file ? readFileSync(resolve(baseDir, file), 'utf8') : undefined;
}

export function loadWebhookConfig(text: string, options: { baseDir?: string } = {}): WebhookConfig {
  const baseDir = options.baseDir ?? process.cwd();
  const doc = obj(parse(text), 'the document');
  const currentName = str(doc['current-context'], 'current-context');
  const context = currentName === undefined ? named(doc.contexts, 'contexts', undefined) : named(doc.contexts, 'contexts', currentName);
  const cluster = named(doc.clusters, 'clusters', context ? str(context.cluster, 'context.cluster') : undefined);
  if (!cluster) throw new TypeError('webhook kubeconfig: no cluster');
  const user = named(doc.users, 'users', context ? str(context.user, 'context.user') : undefined) ?? {};

  const server = str(cluster.server, 'cluster.server');
  if (!server) throw new TypeError('webhook kubeconfig: cluster.server is required');
  const config: WebhookConfig = { url: server };
  const caPem = material(cluster, 'certificate-authority', baseDir);
  if (caPem) config.caPem = caPem;
  if (cluster['insecure-skip-tls-verify'] === true) config.insecureSkipTlsVerify = true;

  const cert = material(user, 'client-certificate', baseDir);
  const key = material(user, 'client-key', baseDir);
  if (!!cert !== !!key) throw new TypeError('webhook kubeconfig: client-certificate and client-key go together');
  if (cert && key) {
    config.clientCertPem = cert;
    config.clientKeyPem = key;
  }
  const tokenFile = str(user.tokenFile, 'user.tokenFile');
  const token = str(user.token, 'user.token') ?? (tokenFile ? readFileSync(resolve(baseDir, tokenFile), 'utf8').trim() : undefined);
  if (token) config.bearerToken = token;
  for (const unsupported of ['username', 'password', 'exec', 'auth-provider']) {
    if (user[unsupported] !== undefined) throw new TypeError(`webhook kubeconfig: user.${unsupported} is not supported`);
  }
  return config;
}
