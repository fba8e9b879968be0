/**
 * Reads a webhook kubeconfig (the format of `--authentication-token-webhook-config-file`): the
 * cluster is the webhook (server, CA), the user is how we authenticate to it (client
 * certificate or token). The reading is pki's `readKubeconfigConnection`.
 *
 * @example
 * const config = loadWebhookConfig(fs.readFileSync('/etc/kubernetes/authn-webhook.yaml', 'utf8'),
 *   { baseDir: '/etc/kubernetes' });
 * const webhook = webhookTokenAuthenticator({ ...config, timeoutMs: 5000 });
 */
import { readKubeconfigConnection, type KubeconfigConnection } from '@apiserver-kit/pki';

export type WebhookConfig = KubeconfigConnection;

export function loadWebhookConfig(text: string, options: { baseDir?: string } = {}): WebhookConfig {
  return readKubeconfigConnection(text, { ...options, label: 'webhook kubeconfig' });
}
