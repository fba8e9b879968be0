/**
 * ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding (admissionregistration.k8s.io/v1)
 * as ResourceDefinitions a server can serve: cluster-scoped, category `api-extensions`, strict
 * schemas, kube's v1 defaults, validation that compiles every CEL expression (422 Invalid with
 * field paths such as `spec.validations[0].expression`), the status subresource of policies
 * (status is kept on main-resource writes; a new policy starts without one), generation
 * tracking, and kube's printer columns.
 *
 * @example
 * const engine = createCelEngine();
 * createApiServer({ resources: [...builtinResources, ...admissionPolicyResources({ engine })] });
 */
import { type ApiObject, type ResourceDefinition, defineResource, nameIsDNSSubdomain } from '@apiserver-kit/core';
import { type KubeCelEngine, createCelEngine } from '../cel/engine.js';
import { admissionRegistrationGroup } from '../webhooks/types.js';
import { defaultBinding, defaultPolicy } from './defaults.js';
import { bindingColumns, policyColumns } from './printers.js';
import { validatingAdmissionPolicyBindingSchema, validatingAdmissionPolicySchema } from './schemas.js';
import { validateBinding, validatePolicy, validatePolicyUpdate } from './validation.js';

export interface AdmissionPolicyResourcesOptions {
  /** The engine that compiles expressions for validation; share it with the plugin. A new one by default. */
  engine?: KubeCelEngine;
}

/** [validatingadmissionpolicies, validatingadmissionpolicybindings]. */
export function admissionPolicyResources(options: AdmissionPolicyResourcesOptions = {}): ResourceDefinition[] {
  let engine = options.engine;
  const cel = () => (engine ??= createCelEngine());
  const policies = defineResource({
    group: admissionRegistrationGroup,
    versions: ['v1'],
    kind: 'ValidatingAdmissionPolicy',
    plural: 'validatingadmissionpolicies',
    categories: ['api-extensions'],
    namespaced: false,
    subresources: { status: true },
    schema: validatingAdmissionPolicySchema,
    printerColumns: policyColumns,
    mergeKeys: { 'spec.matchConditions': 'name' },
    strategy: {
      defaults: defaultPolicy,
      prepareForCreate: (obj: ApiObject) => {
        delete obj.status;
      },
      prepareForUpdate: (obj: ApiObject, old: ApiObject) => {
        if (old.status === undefined) delete obj.status;
        else obj.status = old.status;
      },
      validate: (obj) => validatePolicy(cel(), obj),
      validateUpdate: (obj, old) => validatePolicyUpdate(cel(), obj, old),
      validateName: nameIsDNSSubdomain,
      tracksGeneration: true,
    },
  });
  const bindings = defineResource({
    group: admissionRegistrationGroup,
    versions: ['v1'],
    kind: 'ValidatingAdmissionPolicyBinding',
    plural: 'validatingadmissionpolicybindings',
    categories: ['api-extensions'],
    namespaced: false,
    schema: validatingAdmissionPolicyBindingSchema,
    printerColumns: bindingColumns,
    strategy: {
      defaults: defaultBinding,
      validate: validateBinding,
      validateUpdate: (obj) => validateBinding(obj),
      validateName: nameIsDNSSubdomain,
      tracksGeneration: true,
    },
  });
  return [policies, bindings];
}
