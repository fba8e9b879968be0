/**
 * Reads where a server is and how to reach it from a kubeconfig, as kube-apiserver reads its
 * webhook kubeconfigs (`--authentication-token-webhook-config-file`,
 * `--authorization-webhook-config-file`): the current context picks a cluster (server URL, CA)
 * and a user (client certificate and key, or a bearer token); a file with one cluster and one
 * user needs no context. Inline `*-data` fields win over files, and relative file references
 * resolve against `baseDir` (the kubeconfig's folder, as client-go resolves them). A file that
 * does not say this is a TypeError (bad input, as from JSON.parse) whose message starts with
 * `label`; a referenced file that cannot be read fails with the file system's error.
 *
 * @example
 * const file = '/etc/kubernetes/authz-webhook.yaml';
 * const connection = readKubeconfigConnection(readFileSync(file, 'utf8'), { baseDir: dirname(file), label: 'authorization webhook kubeconfig' });
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';

/** Where the server is and how to reach it. */
export interface KubeconfigConnection {
  url: string;
  caPem?: string;
  clientCertPem?: string;
  clientKeyPem?: string;
  bearerToken?: string;
  insecureSkipTlsVerify?: boolean;
}

export interface ReadKubeconfigOptions {
  /** Where relative file references resolve; default the working directory. */
  baseDir?: string;
  /** What errors call the file; default "kubeconfig". */
  label?: string;
}

/** What is wrong with the file; readKubeconfigConnection words it as a TypeError with its label. */
class Problem extends Error {}

function fail(message: string): never {
  throw new Problem(message);
}
type Obj = Record<string, unknown>;

function asObject(v: unknown, what: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(`${what} must be a mapping`);
  return v as Obj;
}

function optString(o: Obj, key: string, what: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') fail(`${what}.${key} must be a string`);
  return v;
}

/** The entry called `name` (or the only one when no name is asked for) of a named list. */
function entry(doc: Obj, list: 'clusters' | 'users' | 'contexts', name: string | undefined): Obj | undefined {
  const field = list.slice(0, -1);
  const raw = doc[list] ?? [];
  if (!Array.isArray(raw)) fail(`${list} must be a list`);
  const items = raw.map((i) => asObject(i, list));
  const found = name === undefined ? (items.length > 1 ? fail(`several ${list} and no current-context`) : items[0]) : items.find((i) => i.name === name);
  if (!found) return name === undefined ? undefined : fail(`${field} "${name}" not found`);
  return asObject(found[field] ?? {}, `${field} "${String(found.name ?? '')}"`);
}

/** Inline `<key>-data` (base64) wins over the file named by `<key>`. */
function pem(o: Obj, key: string, what: string, baseDir: string): string | undefined {
  const data = optString(o, `${key}-data`, what);
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  const file = optString(o, key, what);
  return file ? readFileSync(resolve(baseDir, file), 'utf8') : undefined;
}

export function readKubeconfigConnection(kubeconfigYaml: string, options: ReadKubeconfigOptions = {}): KubeconfigConnection {
  try {
    return read(kubeconfigYaml, options.baseDir ?? process.cwd());
  } catch (err) {
    if (err instanceof Problem) throw new TypeError(`${options.label ?? 'kubeconfig'}: ${err.message}`);
    throw err;
  }
}

function read(kubeconfigYaml: string, baseDir: string): KubeconfigConnection {
  let parsed: unknown;
  try {
    parsed = parse(kubeconfigYaml);
  } catch (err) {
    fail((err as Error).message);
  }
  const doc = asObject(parsed, 'the document');
  const contextName = optString(doc, 'current-context', 'kubeconfig');
  const context = entry(doc, 'contexts', contextName);
  const cluster = entry(doc, 'clusters', context ? optString(context, 'cluster', 'context') : undefined) ?? fail('no cluster');
  const user = entry(doc, 'users', context ? optString(context, 'user', 'context') : undefined) ?? {};

  const server = optString(cluster, 'server', 'cluster') ?? fail('cluster.server is required');
  try {
    new URL(server);
  } catch {
    fail(`cluster.server "${server}" is not a URL`);
  }
  const out: KubeconfigConnection = { url: server };
  const ca = pem(cluster, 'certificate-authority', 'cluster', baseDir);
  if (ca) out.caPem = ca;
  if (cluster['insecure-skip-tls-verify'] === true) out.insecureSkipTlsVerify = true;

  const cert = pem(user, 'client-certificate', 'user', baseDir);
  const key = pem(user, 'client-key', 'user', baseDir);
  if (Boolean(cert) !== Boolean(key)) fail('user client-certificate and client-key must be given together');
  if (cert && key) {
    out.clientCertPem = cert;
    out.clientKeyPem = key;
  }
  const tokenFile = optString(user, 'tokenFile', 'user');
  const token = optString(user, 'token', 'user') ?? (tokenFile ? readFileSync(resolve(baseDir, tokenFile), 'utf8').trim() : undefined);
  if (token) out.bearerToken = token;
  for (const key of ['username', 'password', 'exec', 'auth-provider']) {
    if (user[key] !== undefined) fail(`user.${key} is not supported`);
  }
  return out;
}
