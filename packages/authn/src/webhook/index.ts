/**
 * Webhook token authentication: TokenReview requests to a remote authenticator configured by
 * a kubeconfig, with retries of transient failures and kube's audience rules.
 *
 * @example
 * const webhook = webhookTokenAuthenticator({ ...loadWebhookConfig(kubeconfigText), timeoutMs: 5000 });
 * await webhook.authenticateToken(token, { audiences: ['https://kubernetes.default.svc'] });
 */
export { webhookTokenAuthenticator, type WebhookTokenAuthenticatorOptions } from './authenticator.js';
export { loadWebhookConfig, type WebhookConfig } from './kubeconfig.js';
