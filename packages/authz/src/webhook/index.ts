/**
 * The webhook authorizer: kube-apiserver's `--authorization-mode=Webhook` with its
 * `--authorization-webhook-config-file` (a kubeconfig naming the webhook), a SubjectAccessReview
 * per request, cached answers and a failure policy.
 *
 * @example
 * const file = '/etc/kubernetes/authz-webhook.yaml';
 * const webhook = webhookAuthorizer({
 *   ...loadWebhookAuthorizerConfig(readFileSync(file, 'utf8'), { baseDir: dirname(file) }),
 *   allowCacheTTL: 5 * 60_000,
 *   denyCacheTTL: 30_000,
 *   failurePolicy: 'NoOpinion',
 * });
 * await webhook.authorize(attrs); // { decision: 'Deny', reason: 'no writes on Fridays' }
 */
export { type WebhookAuthorizer, type WebhookAuthorizerOptions, webhookAuthorizer } from './authorizer.js';
export { type WebhookConnection, loadWebhookAuthorizerConfig } from './kubeconfig.js';
export type { SubjectAccessReviewVersion } from './review.js';
