/**
 * core/v1 ResourceQuota (`resourcequotas`, short name `quota`) as a ResourceDefinition, for
 * servers that serve it next to the ResourceQuota admission plugin: strict schema, kube's
 * validation of `spec.hard` (standard quota names or qualified names such as
 * `count/deployments.apps`; non-negative; whole numbers for object counts), a status
 * subresource, and kube's table (`NAME  AGE  REQUEST  LIMIT`, cells like
 * `configmaps: 1/10, count/secrets: 0/5`).
 *
 * kube's quota controller copies spec.hard into status.hard and keeps status.used; without one,
 * the table falls back to spec.hard and shows 0 for usage nobody recorded.
 *
 * @example
 * createApiServer({ storage, resources: [resourceQuotas], admission: { validating: [resourceQuota(objects)] } });
 */
import { z } from 'zod';
import {
  type ApiObject,
  type FieldError,
  type PrinterColumn,
  defineResource,
  fieldInvalid,
  isQualifiedName,
  managedFieldsEntrySchema,
  nameIsDNSSubdomain,
  objectMetaSchema,
  ownerReferenceSchema,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '@apiserver-kit/core';
import { canonicalQuantity, parseQuantity, quantityFormatError } from './quantity.js';

function opt<T extends z.ZodType>(schema: T) {
  return schema.nullable().optional();
}

const quantitySchema = z.union([z.string(), z.number()]);
const resourceListSchema = opt(z.record(z.string(), quantitySchema));

export const resourceQuotaSchema = z.strictObject({
  apiVersion: z.string(),
  kind: z.string(),
  metadata: z.strictObject({
    ...objectMetaSchema.shape,
    ownerReferences: opt(z.array(z.strictObject(ownerReferenceSchema.shape))),
    managedFields: opt(z.array(z.strictObject(managedFieldsEntrySchema.shape))),
  }),
  spec: opt(
    z.strictObject({
      hard: resourceListSchema,
      scopes: opt(z.array(z.string())),
      scopeSelector: opt(
        z.strictObject({
          matchExpressions: opt(
            z.array(z.strictObject({ scopeName: opt(z.string()), operator: opt(z.string()), values: opt(z.array(z.string())) })),
          ),
        }),
      ),
    }),
  ),
  status: opt(z.strictObject({ hard: resourceListSchema, used: resourceListSchema })),
});

/** Quota names without a `/` that kube accepts (helper.IsStandardQuotaResourceName). */
const standardQuotaResources = new Set([
  'cpu', 'memory', 'ephemeral-storage',
  'requests.cpu', 'requests.memory', 'requests.storage', 'requests.ephemeral-storage',
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'persistentvolumeclaims',
  'configmaps', 'services.nodeports', 'services.loadbalancers',
]);

const integerResources = new Set([
  'pods', 'resourcequotas', 'services', 'replicationcontrollers', 'secrets', 'persistentvolumeclaims',
  'configmaps', 'services.nodeports', 'services.loadbalancers',
]);

export function isIntegerQuotaResource(name: string): boolean {
  return integerResources.has(name) || name.startsWith('count/');
}

function isStandardQuotaResource(name: string): boolean {
  return standardQuotaResources.has(name) || name.startsWith('hugepages-') || name.startsWith('requests.hugepages-');
}

function resourceList(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function validateResourceList(list: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, value] of Object.entries(resourceList(list))) {
    const field = `${path}[${name}]`;
    const nameErrs = isQualifiedName(name).map((m) => fieldInvalid(field, name, m));
    if (nameErrs.length === 0 && !name.includes('/') && !isStandardQuotaResource(name))
      nameErrs.push(fieldInvalid(field, name, 'must be a standard resource for quota'));
    errs.push(...nameErrs);
    const q = parseQuantity(value);
    if (!q) {
      errs.push(fieldInvalid(field, value, quantityFormatError));
      continue;
    }
    if (q.value < 0) errs.push(fieldInvalid(field, canonicalQuantity(value), 'must be greater than or equal to 0'));
    if (isIntegerQuotaResource(name) && !Number.isInteger(q.value))
      errs.push(fieldInvalid(field, canonicalQuantity(value), 'must be an integer'));
  }
  return errs;
}

function validateQuotaFields(obj: ApiObject): FieldError[] {
  const spec = resourceList(obj.spec);
  const status = resourceList(obj.status);
  return [
    ...validateResourceList(spec.hard, 'spec.hard'),
    ...validateResourceList(status.hard, 'status.hard'),
    ...validateResourceList(status.used, 'status.used'),
  ];
}

const meta = { namespaced: true, nameFn: nameIsDNSSubdomain };

function quotaCell(obj: ApiObject, limits: boolean): string {
  const status = resourceList(obj.status);
  const hard = resourceList(status.hard ?? resourceList(obj.spec).hard);
  const used = resourceList(status.used);
  return Object.keys(hard)
    .sort()
    .filter((name) => (name.split('.').length > 1 && name.split('.')[0] === 'limits') === limits)
    .map((name) => `${name}: ${canonicalQuantity(used[name] ?? 0)}/${canonicalQuantity(hard[name])}`)
    .join(', ');
}

function age(obj: ApiObject, now: Date): string {
  const ts = obj.metadata.creationTimestamp ? Date.parse(obj.metadata.creationTimestamp) : NaN;
  if (Number.isNaN(ts)) return '<unknown>';
  const s = Math.trunc((now.getTime() - ts) / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.trunc(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.trunc(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (h < 192) return h % 24 === 0 ? `${h / 24}d` : `${Math.trunc(h / 24)}d${h % 24}h`;
  if (h < 24 * 365 * 2) return `${Math.trunc(h / 24)}d`;
  const y = Math.trunc(h / 24 / 365);
  const d = Math.trunc(h / 24) % 365;
  return h < 24 * 365 * 8 && d !== 0 ? `${y}y${d}d` : `${y}y`;
}

const creationTimestampDoc =
  'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata';

export const resourceQuotaColumns: PrinterColumn[] = [
  { name: 'Age', type: 'string', description: creationTimestampDoc, value: age },
  {
    name: 'Request',
    type: 'string',
    description: 'Request represents a minimum amount of cpu/memory that a container may consume.',
    value: (o) => quotaCell(o, false),
  },
  {
    name: 'Limit',
    type: 'string',
    description: 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    value: (o) => quotaCell(o, true),
  },
];

export const resourceQuotas = defineResource({
  group: '',
  versions: ['v1'],
  kind: 'ResourceQuota',
  plural: 'resourcequotas',
  singular: 'resourcequota',
  shortNames: ['quota'],
  namespaced: true,
  subresources: { status: true },
  schema: resourceQuotaSchema,
  printerColumns: resourceQuotaColumns,
  strategy: {
    validate: (obj) => [...validateObjectMeta(obj.metadata, meta), ...validateQuotaFields(obj)],
    validateUpdate: (obj, old) => [
      ...validateObjectMeta(obj.metadata, meta),
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...validateQuotaFields(obj),
    ],
  },
});
