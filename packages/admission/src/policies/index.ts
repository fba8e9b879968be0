/**
 * ValidatingAdmissionPolicy (admissionregistration.k8s.io/v1): the policy and binding
 * resources with kube's validation and columns, and the admission plugin that enforces them.
 *
 * @example
 * const engine = createCelEngine();
 * const resources = admissionPolicyResources({ engine });
 * const plugin = validatingAdmissionPolicy({ engine, source: memoryPolicySource({ policies, bindings }) });
 */
export type * from './types.js';
export { admissionPolicyResources, type AdmissionPolicyResourcesOptions } from './resources.js';
export { defaultBinding as defaultPolicyBinding, defaultPolicy } from './defaults.js';
export { validateBinding as validatePolicyBinding, validatePolicy, validatePolicyUpdate } from './validation.js';
export { policyColumns, bindingColumns as policyBindingColumns } from './printers.js';
export { validatingAdmissionPolicySchema, validatingAdmissionPolicyBindingSchema } from './schemas.js';
export { memoryPolicySource, type MemoryPolicySource, type MemoryPolicySourceInit, type ParamScope, type PolicySource } from './source.js';
export { matchResources, type MatchContext, type MatchedResource } from './matching.js';
export { celNamespaceObject, celRequest } from './request.js';
export {
  validatingAdmissionPolicy,
  validatingAdmissionPolicyPluginName,
  validationFailureAnnotationKey,
  type ValidatingAdmissionPolicyOptions,
} from './plugin.js';
