/**
 * Reads the kubeconfig of `--authorization-webhook-config-file`: its cluster is the webhook
 * (server URL, CA), its user is how the API server authenticates to it (client certificate
 * and key, or a bearer token). The reading is pki's `readKubeconfigConnection`.
 *
 * @example
 * const file = '/etc/kubernetes/authz-webhook.yaml';
 * const connection = loadWebhookAuthorizerConfig(readFileSync(file, 'utf8'), { baseDir: dirname(file) });
 * const webhook = webhookAuthorizer({ ...connection, failurePolicy: 'Deny' });
 */
import { readKubeconfigConnection, type KubeconfigConnection } from '@apiserver-kit/pki';

/** Where the webhook is and how to reach it. */
export type WebhookConnection = KubeconfigConnection;

export function loadWebhookAuthorizerConfig(kubeconfigYaml: string, options: { baseDir?: string } = {}): WebhookConnection {
  return readKubeconfigConnection(kubeconfigYaml, { ...options, label: 'authorization webhook kubeconfig' });
}
