/**
 * Kubeconfig files (clientcmd v1 `Config`) for one cluster, one user and one context, with the
 * CA and client credentials embedded as base64 `*-data` fields so the file stands alone.
 *
 * @example
 * await writeKubeconfig('.kube-lite/admin.kubeconfig', {
 *   server: 'https://127.0.0.1:6443',
 *   caPem: pki.ca.certPem, clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem,
 * });
 * // kubectl --kubeconfig .kube-lite/admin.kubeconfig get namespaces
 */
import { stringify } from 'yaml';
import { PkiError } from './errors.js';
import { writeFileAtomic } from './files.js';
import { certificateInfo } from './info.js';

export interface KubeconfigOptions {
  /** The API server URL, e.g. https://127.0.0.1:6443. */
  server: string;
  /** PEM of the CA that signed the serving certificate; without it clients use system roots. */
  caPem?: string;
  /** Client certificate authentication: both of these, or neither. */
  clientCertPem?: string;
  clientKeyPem?: string;
  /** Bearer token authentication, instead of a client certificate. */
  token?: string;
  /** Default 'kubernetes'. */
  clusterName?: string;
  /** Default: the client certificate's CN, else 'user'. */
  userName?: string;
  /** Default `${userName}@${clusterName}` (as kubeadm). */
  contextName?: string;
  /** The context's default namespace. */
  namespace?: string;
}

const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64');

/** The kubeconfig as a plain object, in kubectl's field order. */
export function kubeconfigObject(options: KubeconfigOptions): Record<string, unknown> {
  const { server, caPem, clientCertPem, clientKeyPem, token } = options;
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new PkiError('InvalidOptions', `server must be an absolute URL, got ${JSON.stringify(server)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new PkiError('InvalidOptions', `server must be an http(s) URL, got ${JSON.stringify(server)}`);
  }
  if ((clientCertPem === undefined) !== (clientKeyPem === undefined)) {
    throw new PkiError('InvalidOptions', 'clientCertPem and clientKeyPem must be given together');
  }
  if (clientCertPem !== undefined && token !== undefined) {
    throw new PkiError('InvalidOptions', 'give either a client certificate or a token, not both');
  }
  const clusterName = options.clusterName ?? 'kubernetes';
  const userName = options.userName ?? (clientCertPem ? certificateInfo(clientCertPem).commonName : undefined) ?? 'user';
  const contextName = options.contextName ?? `${userName}@${clusterName}`;

  const cluster: Record<string, string> = { server };
  if (caPem !== undefined) cluster['certificate-authority-data'] = b64(caPem);
  const user: Record<string, string> = {};
  if (clientCertPem !== undefined && clientKeyPem !== undefined) {
    user['client-certificate-data'] = b64(clientCertPem);
    user['client-key-data'] = b64(clientKeyPem);
  }
  if (token !== undefined) user['token'] = token;
  const context: Record<string, string> = { cluster: clusterName, user: userName };
  if (options.namespace !== undefined) context['namespace'] = options.namespace;

  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: clusterName, cluster }],
    contexts: [{ name: contextName, context }],
    'current-context': contextName,
    preferences: {},
    users: [{ name: userName, user }],
  };
}

/** The kubeconfig as YAML text. */
export function kubeconfigYaml(options: KubeconfigOptions): string {
  return stringify(kubeconfigObject(options), { lineWidth: 0 });
}

/** Writes the kubeconfig YAML to `file` (mode 0600, parent directories created, atomic). */
export async function writeKubeconfig(file: string, options: KubeconfigOptions): Promise<void> {
  await writeFileAtomic(file, kubeconfigYaml(options), 0o600);
}
