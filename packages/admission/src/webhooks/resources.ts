/**
 * The admissionregistration.k8s.io/v1 webhook configuration resources as ResourceDefinitions a
 * server can serve: cluster-scoped, category `api-extensions`, strict schemas, kube's v1
 * defaults and validation, and the table kube's printers give them, so
 * `kubectl get validatingwebhookconfigurations` prints `NAME  WEBHOOKS  AGE`.
 *
 * @example
 * createApiServer({ resources: [...builtinResources, ...webhookConfigurationResources] });
 */
import { type ApiObject, type PrinterColumn, defineResource, nameIsDNSSubdomain } from '@apiserver-kit/core';
import { defaultWebhookConfiguration } from './defaults.js';
import { mutatingWebhookConfigurationSchema, validatingWebhookConfigurationSchema } from './schemas.js';
import { admissionRegistrationGroup } from './types.js';
import { validateWebhookConfiguration, validateWebhookConfigurationUpdate } from './validation.js';

const creationTimestampDescription =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const int = Math.trunc;

/** Go's duration.HumanDuration, as `kubectl get` prints ages: "45s", "3m10s", "5h2m", "2d1h", "8y". */
function humanDuration(ms: number): string {
  const seconds = int(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = int(ms / MINUTE);
  if (minutes < 10) return seconds % 60 === 0 ? `${minutes}m` : `${minutes}m${seconds % 60}s`;
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = int(ms / HOUR);
  if (hours < 8) return minutes % 60 === 0 ? `${hours}h` : `${hours}h${minutes % 60}m`;
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return hours % 24 === 0 ? `${int(hours / 24)}d` : `${int(hours / 24)}d${hours % 24}h`;
  if (hours < 24 * 365 * 2) return `${int(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = int(hours / 24) % 365;
    return days === 0 ? `${int(hours / 24 / 365)}y` : `${int(hours / 24 / 365)}y${days}d`;
  }
  return `${int(hours / 24 / 365)}y`;
}

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
