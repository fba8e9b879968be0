/**
 * Dynamic admission webhooks, as kube-apiserver runs them: the admissionregistration.k8s.io/v1
 * MutatingWebhookConfiguration and ValidatingWebhookConfiguration resources (schemas, defaults,
 * validation, kubectl columns) and the two admission plugins that call the webhooks they
 * configure with AdmissionReview v1 over HTTPS.
 *
 * @example
 * import { memoryWebhookConfigSource, mutatingWebhooks, validatingWebhooks } from '@apiserver-kit/admission';
 * const source = memoryWebhookConfigSource();
 * source.set({ kind: 'ValidatingWebhookConfiguration', metadata: { name: 'policy' }, webhooks: [{
 *   name: 'deny.example.com', sideEffects: 'None', admissionReviewVersions: ['v1'],
 *   clientConfig: { url: 'https://127.0.0.1:8443/validate', caBundle },
 *   rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }],
 * }] });
 * const validating = validatingWebhooks({ source, namespaceLookup: (name) => namespaces.get(name) });
 * await validating.validate(attrs); // throws `admission webhook "deny.example.com" denied the request: ...`
 */
// Names that other admission parts (policies) also use get a webhook prefix here.
export {
  admissionRegistrationGroup,
  type MutatingWebhook,
  type MutatingWebhookConfiguration,
  type ValidatingWebhook,
  type ValidatingWebhookConfiguration,
  type WebhookClientConfig,
  type ServiceReference as WebhookServiceReference,
  type RuleWithOperations as WebhookRule,
  type MatchCondition as WebhookMatchCondition,
} from './types.js';
export { defaultWebhookConfiguration } from './defaults.js';
export { validateWebhookConfiguration, validateWebhookConfigurationUpdate } from './validation.js';
export { mutatingWebhookConfigurationSchema, validatingWebhookConfigurationSchema } from './schemas.js';
export {
  mutatingWebhookConfigurations,
  validatingWebhookConfigurations,
  webhookConfigurationResources,
  webhookConfigurationColumns,
} from './resources.js';
export { type WebhookConfigSource, type MemoryWebhookConfigSource, memoryWebhookConfigSource } from './source.js';
export type { NamespaceLookup } from './matching.js';
export { type ServiceResolver, defaultServiceResolver } from './client.js';
export type { WebhookPluginOptions, MutatingWebhookPluginOptions } from './plugin-options.js';
export { CallingWebhookError } from './errors.js';
export { mutatingWebhooks } from './mutating.js';
export { validatingWebhooks } from './validating.js';
