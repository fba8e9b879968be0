export * from './cel-types.js';

// Plugin registry, admission configuration file, built-in plugins, webhook server side.
export {
  AdmissionRegistry,
  AdmissionConfigError,
  type AdmissionChain,
  type BuildOptions,
  type ObjectLookup,
  type PluginContext,
  type PluginFactory,
  type RegisterOptions,
} from './registry.js';
export {
  admissionConfigurationVersions,
  parseAdmissionConfiguration,
  readAdmissionConfiguration,
  type AdmissionPluginConfiguration,
  type LoadedAdmissionConfiguration,
} from './config.js';
export { kubeAdmissionPluginOrder, kubeDefaultOnPlugins } from './plugins/order.js';
export { splitPlugin, type AdmissionPluginLike, type PluginPair } from './plugins/split.js';
export { admissionForbidden, admissionObjectName } from './plugins/forbidden.js';
export { objectLookupFromRegistry, type RegistryLike, type StoreLike } from './plugins/context.js';
export { registerBuiltinPlugins } from './plugins/builtins.js';
export { alwaysAdmit, alwaysDeny } from './plugins/always.js';
export {
  namespaceLifecycle,
  namespaceLifecyclePluginName,
  immortalNamespaces,
  type NamespaceLifecycleOptions,
} from './plugins/namespace-lifecycle.js';
export {
  resourceQuota,
  resourceQuotaPluginName,
  objectCountName,
  quotaNamesFor,
  parseResourceQuotaConfiguration,
  type ResourceQuotaConfiguration,
} from './plugins/resource-quota.js';
export type { LimitedResource } from './plugins/resource-quota-config.js';
export { resourceQuotas, resourceQuotaSchema, resourceQuotaColumns } from './plugins/resource-quotas.js';
export { parseQuantity, formatQuantity, type ParsedQuantity } from './plugins/quantity.js';
export {
  admissionWebhook,
  parseAdmissionReview,
  type AdmissionWebhookHandler,
  type AdmissionWebhookOptions,
} from './webhook-server/handler.js';
export { respondToReview, patchBetween, admissionStatusOf, type RespondOptions } from './webhook-server/respond.js';
export { attributesFromReview, reviewFromAttributes, type ReviewFromAttributesOptions } from './webhook-server/convert.js';
export {
  admissionReviewVersions,
  admissionRequestSchema,
  admissionReviewRequestSchema,
  type AdmissionRequest,
  type AdmissionResponse,
  type AdmissionReview,
  type AdmissionReviewVersion,
  type AdmissionStatus,
  type AdmissionUserInfo,
} from './webhook-server/types.js';

// Dynamic admission webhooks: the webhook configuration resources and the plugins that call them.
export * from './webhooks/index.js';

// CEL engine (kube's CEL environment and libraries) and ValidatingAdmissionPolicy.
export {
  createCelEngine,
  isCelActivation,
  admissionDeclarations,
  CelCompilationError,
  CelEvaluationError,
  costLimitExceededMessage,
  isCelCompilationError,
  isCelEvaluationError,
  aggregateErrors,
  celMatchConditions,
  fromCel,
  toCel,
  type CelActivation,
  type CelCompileOptions,
  type CelDeclarations,
  type CelEngineOptions,
  type CelLimits,
  type CelMatchConditions,
  type KubeCelEngine,
  type KubeCelProgram,
  type MatchConditionsOptions,
  type MatchConditionsResult,
  type NamedExpression,
} from './cel/index.js';
export * from './policies/index.js';
