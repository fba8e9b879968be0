/**
 * Built-in resources every kube-lite-style server serves: core/v1 namespaces, configmaps,
 * secrets, serviceaccounts and events, and coordination.k8s.io/v1 leases, each a
 * ResourceDefinition with a strict zod schema, kube's printer columns, strategy and validation.
 *
 * Validation follows kube's registry order: a definition's `strategy.validate` includes full
 * ObjectMeta validation with the resource's name rule (DNS label for namespaces, DNS subdomain
 * for the others, path-segment only for core/v1 events).
 *
 * @example
 * import { builtinResources } from './builtins/index.js';
 * const server = createApiServer({ resources: [...builtinResources, ...myResources] });
 */
import type { ResourceDefinition } from '@apiserver-kit/core';
import { configMaps } from './configmaps.js';
import { events } from './events.js';
import { leases } from './leases.js';
import { namespaces } from './namespaces.js';
import { secrets } from './secrets.js';
import { serviceAccounts } from './serviceaccounts.js';

export const builtinResources: ResourceDefinition[] = [namespaces, configMaps, secrets, serviceAccounts, events, leases];

export { configMaps, configMapSchema, validateConfigMap, validateConfigMapUpdate } from './configmaps.js';
export { events, eventSchema, eventSource, eventTarget, eventTimes, validateEvent } from './events.js';
export { leases, leaseSchema, validateLease, validateLeaseSpec, validateLeaseUpdate } from './leases.js';
export {
  finalizerKubernetes,
  labelMetadataName,
  namespaces,
  namespaceSchema,
  validateNamespace,
  validateNamespaceStatusUpdate,
  validateNamespaceUpdate,
} from './namespaces.js';
export { mergeStringData, secrets, secretSchema, secretTypes, validateSecret, validateSecretUpdate } from './secrets.js';
export { serviceAccounts, serviceAccountSchema, validateServiceAccount, validateServiceAccountUpdate } from './serviceaccounts.js';
export { base64Error, isConfigMapKey, maxSecretSize } from './data.js';
export {
  type MetaRules,
  kindSchema,
  localObjectReferenceSchema,
  objectReferenceSchema,
  opt,
  strictObjectMetaSchema,
  timeSchema,
  validateMetaCreate,
  validateMetaUpdate,
} from './meta.js';
