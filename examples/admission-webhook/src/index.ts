/**
 * admission-webhook — one admission policy (configmaps need an `owner` label and get an
 * `example.com/managed-by` annotation), unit-tested without a cluster and served as a
 * validating and a mutating webhook.
 *
 * @example
 * import { requireOwnerLabel, defaultAnnotation, startWebhookServer } from 'admission-webhook';
 * createApiServer({ storage, admission: { mutating: [defaultAnnotation], validating: [requireOwnerLabel] } }); // in-process
 * await startWebhookServer({ port: 8443, certPem, keyPem }); // or as webhooks
 */
export {
  requireOwnerLabel,
  defaultAnnotation,
  policy,
  missingOwnerError,
  ownerLabel,
  managedByAnnotation,
  managedByValue,
} from './policy.js';
export {
  startWebhookServer,
  webhookRoutes,
  webhookPaths,
  type WebhookServerOptions,
  type RunningWebhookServer,
} from './server.js';
export { renderManifest, renderManifests, manifestsDir, manifestFiles, webhookNames, type RenderOptions } from './manifests.js';
export { parseConfig, loadConfig, ConfigError, type CliConfig, type LoadedConfig } from './config.js';
