/**
 * core/v1 Namespace (cluster-scoped, shortName ns). As kube-apiserver: status.phase defaults
 * to Active, every new namespace gets the `kubernetes` finalizer and the
 * `kubernetes.io/metadata.name` label, spec.finalizers cannot change through update (only
 * through the finalize subresource), and the name must be a DNS-1123 label. Status is kept on
 * update of the main resource by the server (it has a status subresource).
 *
 * @example
 * import { namespaces } from './builtins/namespaces.js';
 * namespaces.strategy!.prepareForCreate!(ns); // ns.status = { phase: 'Active' }, spec.finalizers = ['kubernetes']
 */
import { z } from 'zod';
import {
  type ApiObject,
  type FieldError,
  defineResource,
  fieldInvalid,
  isQualifiedName,
  validateNamespaceName,
} from '@apiserver-kit/core';
import { ageColumn } from '../table/columns.js';
import { kindSchema, objectField, opt, timeSchema, validateMetaCreate, validateMetaUpdate } from './meta.js';

/** The label kube puts on every namespace, holding its name. */
export const labelMetadataName = 'kubernetes.io/metadata.name';
/** The finalizer the namespace controller removes once the namespace is empty. */
export const finalizerKubernetes = 'kubernetes';

const namespaceConditionSchema = z.strictObject({
  type: z.string(),
  status: z.string(),
  lastTransitionTime: opt(timeSchema),
  reason: opt(z.string()),
  message: opt(z.string()),
});

export const namespaceSchema = kindSchema({
  spec: opt(z.strictObject({ finalizers: opt(z.array(z.string())) })),
  status: opt(
    z.strictObject({
      phase: opt(z.string()),
      conditions: opt(z.array(namespaceConditionSchema)),
    }),
  ),
});

const rules = { namespaced: false, nameFn: validateNamespaceName };
const standardFinalizers = new Set([finalizerKubernetes, 'orphan', 'foregroundDeletion']);

/** kube's validateFinalizerName for spec.finalizers: a qualified name, or a standard one. */
function validateFinalizerName(value: string, path: string): FieldError[] {
  const errs = isQualifiedName(value).map((m) => fieldInvalid(path, value, m));
  if (!value.includes('/') && !standardFinalizers.has(value))
    errs.push(fieldInvalid(path, value, 'name is neither a standard finalizer name nor is it fully qualified'));
  return errs;
}

function specFinalizers(obj: ApiObject): string[] {
  const spec = obj.spec as { finalizers?: string[] | null } | null | undefined;
  return spec?.finalizers ?? [];
}

export function validateNamespace(obj: ApiObject): FieldError[] {
  const errs = validateMetaCreate(obj, rules);
  for (const f of specFinalizers(obj)) errs.push(...validateFinalizerName(f, 'spec.finalizers'));
  return errs;
}

export function validateNamespaceUpdate(obj: ApiObject, old: ApiObject): FieldError[] {
  // kube's namespace strategy: ValidateNamespace, then ValidateNamespaceUpdate (metadata only).
  return [...validateNamespace(obj), ...validateMetaUpdate(obj, old)];
}

/** Validation of an update through the status subresource (kube's ValidateNamespaceStatusUpdate). */
export function validateNamespaceStatusUpdate(obj: ApiObject, old: ApiObject): FieldError[] {
  const errs = validateMetaUpdate(obj, old);
  const phase = (obj.status as { phase?: string } | undefined)?.phase ?? '';
  if (!obj.metadata.deletionTimestamp) {
    if (phase !== 'Active') errs.push(fieldInvalid('status.Phase', phase, "may only be 'Active' if `deletionTimestamp` is empty"));
  } else if (phase !== 'Terminating') {
    errs.push(fieldInvalid('status.Phase', phase, "may only be 'Terminating' if `deletionTimestamp` is not empty"));
  }
  return errs;
}

function setNameLabel(obj: ApiObject): void {
  const name = obj.metadata.name;
  if (!name) return;
  obj.metadata.labels = { ...(obj.metadata.labels ?? {}), [labelMetadataName]: name };
}

export const namespaces = defineResource({
  group: '',
  versions: ['v1'],
  kind: 'Namespace',
  plural: 'namespaces',
  singular: 'namespace',
  shortNames: ['ns'],
  namespaced: false,
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  subresources: { status: true },
  schema: namespaceSchema,
  mergeKeys: { 'status.conditions': 'type' },
  printerColumns: [
    { name: 'Status', type: 'string', description: 'The status of the namespace', value: (o) => (o.status as { phase?: string } | undefined)?.phase ?? '' },
    ageColumn,
  ],
  strategy: {
    defaults(obj) {
      const status = objectField(obj, 'status');
      if (!status.phase) status.phase = 'Active';
      setNameLabel(obj);
    },
    prepareForCreate(obj) {
      obj.status = { phase: 'Active' };
      const spec = objectField(obj, 'spec');
      const finalizers = Array.isArray(spec.finalizers) ? (spec.finalizers as string[]) : [];
      if (!finalizers.includes(finalizerKubernetes)) spec.finalizers = [...finalizers, finalizerKubernetes];
      setNameLabel(obj);
    },
    prepareForUpdate(obj, old) {
      const spec = objectField(obj, 'spec');
      const oldFinalizers = (old.spec as { finalizers?: string[] } | undefined)?.finalizers;
      if (oldFinalizers === undefined) delete spec.finalizers;
      else spec.finalizers = [...oldFinalizers];
      setNameLabel(obj);
    },
    validate: validateNamespace,
    validateUpdate: validateNamespaceUpdate,
    selectableFields: (obj) => ({
      'status.phase': (obj.status as { phase?: string } | undefined)?.phase ?? '',
      // kube keeps this unprefixed field for backward compatibility.
      name: obj.metadata.name ?? '',
    }),
  },
});
