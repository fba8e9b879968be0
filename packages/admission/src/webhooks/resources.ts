/**
 * The admissionregistration.k8s.io/v1 webhook configuration resources as ResourceDefinitions a
 * server can serve: cluster-scoped, category `api-extensions`, strict schemas, kube's v1
 * defaults and validation, and the table kube's printers give them, so
 * `kubectl get validatingwebhookconfigurations` prints `NAME  WEBHOOKS  AGE`.
 *
 * @example
 * createApiServer({ resources: [...builtinResources, ...webhookConfigurationResources] });
 */
import { type ApiObject, type PrinterColumn, defineResource, humanDuration, nameIsDNSSubdomain } from '@apiserver-kit/core';
import { defaultWebhookConfiguration } from './defaults.js';
import { mutatingWebhookConfigurationSchema, validatingWebhookConfigurationSchema } from './schemas.js';
import { admissionRegistrationGroup } from './types.js';
import { validateWebhookConfiguration, validateWebhookConfigurationUpdate } from './validation.js';

const creationTimestampDescription =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';


/** The built-in printers' Age cell (translateTimestampSince). */
function age(obj: ApiObject, now: Date): string {
  const t = obj.metadata.creationTimestamp ? Date.parse(obj.metadata.creationTimestamp) : NaN;
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now.getTime() - t);
}

/** Columns after Name: WEBHOOKS (the count) and AGE. */
export const webhookConfigurationColumns: PrinterColumn[] = [
  {
    name: 'Webhooks',
    type: 'integer',
    description: 'Webhooks indicates the number of webhooks registered in this configuration',
    value: (o) => (Array.isArray(o.webhooks) ? o.webhooks.length : 0),
  },
  { name: 'Age', type: 'string', description: creationTimestampDescription, value: age },
];

function definition(kind: 'ValidatingWebhookConfiguration' | 'MutatingWebhookConfiguration') {
  const mutating = kind === 'MutatingWebhookConfiguration';
  return defineResource({
    group: admissionRegistrationGroup,
    versions: ['v1'],
    kind,
    plural: `${kind.toLowerCase()}s`,
    singular: kind.toLowerCase(),
    categories: ['api-extensions'],
    namespaced: false,
    schema: mutating ? mutatingWebhookConfigurationSchema : validatingWebhookConfigurationSchema,
    printerColumns: webhookConfigurationColumns,
    mergeKeys: { webhooks: 'name', 'webhooks[].matchConditions': 'name' },
    strategy: {
      defaults: (obj) => defaultWebhookConfiguration(obj, mutating),
      validate: (obj) => validateWebhookConfiguration(obj, mutating),
      validateUpdate: (obj, old) => validateWebhookConfigurationUpdate(obj, old, mutating),
      validateName: nameIsDNSSubdomain,
      tracksGeneration: true,
    },
  });
}

export const validatingWebhookConfigurations = definition('ValidatingWebhookConfiguration');
export const mutatingWebhookConfigurations = definition('MutatingWebhookConfiguration');

/** Both resources, in kube's discovery order. */
export const webhookConfigurationResources = [mutatingWebhookConfigurations, validatingWebhookConfigurations];
