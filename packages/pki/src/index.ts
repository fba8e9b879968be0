/**
 * @apiserver-kit/pki — certificates and kubeconfigs for Kubernetes-style API servers: a CA,
 * serving certificates with DNS/IP SANs, client certificates that map to a user and groups
 * (CN and O), an idempotent on-disk bootstrap for servers, and kubeconfig files.
 *
 * @example
 * import { loadOrCreatePki, writeKubeconfig } from '@apiserver-kit/pki';
 * const pki = await loadOrCreatePki('.kube-lite/pki', { hosts: ['localhost', '127.0.0.1', '::1'] });
 * const server = https.createServer({ cert: pki.serving.certPem, key: pki.serving.keyPem,
 *   ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: false }, handler);
 * await writeKubeconfig('.kube-lite/admin.kubeconfig', { server: 'https://127.0.0.1:6443',
 *   caPem: pki.ca.certPem, clientCertPem: pki.admin.certPem, clientKeyPem: pki.admin.keyPem });
 */
export {
  createCA,
  createServingCert,
  createClientCert,
  type CertBundle,
  type Signer,
  type CAOptions,
  type ServingCertOptions,
  type ClientCertOptions,
} from './certs.js';
export { loadOrCreatePki, ADMIN_USER, ADMIN_GROUP, type Pki, type PkiOptions, type PkiPart } from './load.js';
export { kubeconfigYaml, kubeconfigObject, writeKubeconfig, type KubeconfigOptions } from './kubeconfig.js';
export { readKubeconfigConnection, type KubeconfigConnection, type ReadKubeconfigOptions } from './kubeconfig-connection.js';
export { certificateInfo, type CertificateInfo } from './info.js';
export { PkiError, isPkiError, type PkiErrorCode } from './errors.js';
