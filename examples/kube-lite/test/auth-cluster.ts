/**
 * Test harness for kube-lite's authentication: a kube-lite started in-process from
 * kube-apiserver-style flags (parsed by `parseFlags`, as the CLI does), the real kubectl as the
 * admin or as any bearer token, and raw HTTPS requests with any client certificate, or none.
 *
 * @example
 * const c = await startAuthCluster((dir) => [`--token-auth-file=${dir}/tokens.csv`], {
 *   files: { 'tokens.csv': 'tok1,alice,uid-1\n' },
 * });
 * await c.kubectl(['auth', 'whoami'], { token: 'tok1' }); // Username alice
 * await c.request('GET', '/api/v1/namespaces', { cert: null }); // 403 as system:anonymous
 * await c.stop();
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { silentLogger } from '@apiserver-kit/server';
import { expect } from 'vitest';
import { type KubeLite, startKubeLite } from '../src/kube-lite.js';
import { parseFlags } from '../src/flags.js';
import { type KubectlResult, kubectlBin } from './harness.js';

/** A client certificate and its key, both PEM. */
export interface ClientCert {
  certPem: string;
  keyPem: string;
}

export interface AuthResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json(): Record<string, unknown>;
}

export interface AuthRequestOptions {
  /** The client certificate: 'admin' (default), null for none, or any certificate. */
  cert?: ClientCert | 'admin' | null;
  headers?: Record<string, string>;
  /** A JSON body (serialised) or raw text. */
  body?: unknown;
}

export interface AuthCluster {
  kl: KubeLite;
  /** The temporary directory holding the data dir and the files the test wrote. */
  dir: string;
  dataDir: string;
  /** kube-lite's cluster CA (PEM), which signs the serving and admin certificates. */
  caPem: string;
  admin: ClientCert;
  /**
   * Runs kubectl as the admin (the generated kubeconfig), or with `token` as a bearer token and
   * no client certificate. Never throws on a non-zero exit.
   */
  kubectl(args: string[], opts?: { token?: string; input?: string }): Promise<KubectlResult>;
  /** One HTTPS request to kube-lite, verifying its serving certificate against the cluster CA. */
  request(method: string, path: string, opts?: AuthRequestOptions): Promise<AuthResponse>;
  stop(): Promise<void>;
}

export interface StartAuthClusterOptions {
  /** Files to write under the temporary directory before the server starts (relative path → text). */
  files?: Record<string, string>;
}

/** Starts kube-lite with `flags` (a function receives the temporary directory to name files in). */
export async function startAuthCluster(
  flags: string[] | ((dir: string) => string[] | Promise<string[]>) = [],
  options: StartAuthClusterOptions = {},
): Promise<AuthCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'kube-lite-auth-'));
  for (const [name, text] of Object.entries(options.files ?? {})) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  const config = parseFlags(typeof flags === 'function' ? await flags(dir) : flags);
  if (config === 'help') throw new Error('unexpected --help');
  const dataDir = join(dir, 'data');
  const kl = await startKubeLite({ ...config, securePort: 0, dataDir, logger: silentLogger });
  const pki = join(dataDir, 'pki');
  const [caPem, certPem, keyPem] = await Promise.all(['ca.crt', 'admin.crt', 'admin.key'].map((f) => readFile(join(pki, f), 'utf8')));
  const admin = { certPem: certPem!, keyPem: keyPem! };
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    KUBECONFIG: kl.kubeconfigPath,
    KUBECACHEDIR: join(dir, 'cache'),
  };

  const kubectl = (args: string[], opts: { token?: string; input?: string } = {}) => {
    const asToken =
      opts.token === undefined
        ? []
        : ['--kubeconfig=/dev/null', `--server=${kl.url}`, `--certificate-authority=${join(pki, 'ca.crt')}`, `--token=${opts.token}`];
    return new Promise<KubectlResult>((resolve) => {
      const child = execFile(kubectlBin, [...asToken, ...args], { env, timeout: 30_000, maxBuffer: 4 * 1024 * 1024 }, (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      });
      if (opts.input !== undefined) child.stdin?.end(opts.input);
    });
  };

  const base = new URL(kl.url);
  const request = (method: string, path: string, opts: AuthRequestOptions = {}) => {
    const cert = opts.cert === undefined || opts.cert === 'admin' ? admin : opts.cert;
    const body = opts.body === undefined ? undefined : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
    const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
    if (body) {
      headers['Content-Type'] ??= 'application/json';
      headers['Content-Length'] = String(body.length);
    }
    return new Promise<AuthResponse>((resolve, reject) => {
      const req = https.request(
        {
          host: base.hostname,
          port: base.port,
          method,
          path,
          headers,
          ca: caPem,
          agent: false,
          ...(cert ? { cert: cert.certPem, key: cert.keyPem } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: () => JSON.parse(text) as Record<string, unknown> });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  };

  return {
    kl,
    dir,
    dataDir,
    caPem: caPem!,
    admin,
    kubectl,
    request,
    async stop() {
      await kl.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** POSTs a SelfSubjectReview and returns its status.userInfo (or the failed response). */
export async function whoami(c: AuthCluster, opts: AuthRequestOptions = {}): Promise<{ response: AuthResponse; userInfo: unknown }> {
  const response = await c.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
    ...opts,
    body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
  });
  const userInfo = response.status === 201 ? (response.json().status as { userInfo?: unknown } | undefined)?.userInfo : undefined;
  return { response, userInfo };
}

/** kube-apiserver's 401 body, exactly. */
export const unauthorizedStatus = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Unauthorized',
  reason: 'Unauthorized',
  code: 401,
};

/**
 * Asserts kube-apiserver's 401: the status code and reason strictly, and (softly, so every case
 * of a loop is still checked) the exact body, whose message never says why.
 */
export function expectUnauthorized(r: AuthResponse, what = ''): void {
  expect(r.status, `${what} ${r.body}`).toBe(401);
  expect(r.json().reason, what).toBe('Unauthorized');
  expect.soft(r.json(), `${what}: the 401 body must not reveal why`).toEqual(unauthorizedStatus);
}

/** kube's forbidden message for an anonymous cluster-scoped list of namespaces. */
export const anonymousNamespacesForbidden =
  'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope';
