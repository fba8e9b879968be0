/**
 * Descriptor tables for k8s.io/apimachinery/pkg/apis/meta/v1 (generated.proto): ObjectMeta
 * and its parts, DeleteOptions, and the selector requirements other groups embed. Field
 * numbers are the ones in generated.proto (checked against kubectl 1.32's embedded
 * descriptors); JSON names and omitempty/pointer flags follow types.go.
 *
 * @example
 * decodeMessage(bytes, ObjectMeta, 'ObjectMeta'); // { name: 'x', labels: { app: 'web' } }
 */
import { field, list, map, message, nested, strings } from './schema.js';

export const OwnerReference = message('OwnerReference', [
  field(5, 'apiVersion', 'string', { always: true }),
  field(1, 'kind', 'string', { always: true }),
  field(3, 'name', 'string', { always: true }),
  field(4, 'uid', 'string', { always: true }),
  field(6, 'controller', 'bool', { ptr: true }),
  field(7, 'blockOwnerDeletion', 'bool', { ptr: true }),
]);

export const ManagedFieldsEntry = message('ManagedFieldsEntry', [
  field(1, 'manager', 'string'),
  field(2, 'operation', 'string'),
  field(3, 'apiVersion', 'string'),
  field(4, 'time', 'time', { ptr: true }),
  field(6, 'fieldsType', 'string'),
  field(7, 'fieldsV1', 'fieldsV1', { ptr: true }),
  field(8, 'subresource', 'string'),
]);

export const ObjectMeta = message('ObjectMeta', [
  field(1, 'name', 'string'),
  field(2, 'generateName', 'string'),
  field(3, 'namespace', 'string'),
  field(4, 'selfLink', 'string'),
  field(5, 'uid', 'string'),
  field(6, 'resourceVersion', 'string'),
  field(7, 'generation', 'int64'),
  field(8, 'creationTimestamp', 'time'),
  field(9, 'deletionTimestamp', 'time', { ptr: true }),
  field(10, 'deletionGracePeriodSeconds', 'int64', { ptr: true }),
  map(11, 'labels', 'string'),
  map(12, 'annotations', 'string'),
  list(13, 'ownerReferences', OwnerReference),
  strings(14, 'finalizers'),
  list(17, 'managedFields', ManagedFieldsEntry),
]);

export const Preconditions = message('Preconditions', [field(1, 'uid', 'string', { ptr: true }), field(2, 'resourceVersion', 'string', { ptr: true })]);

export const DeleteOptions = message('DeleteOptions', [
  field(1, 'gracePeriodSeconds', 'int64', { ptr: true }),
  nested(2, 'preconditions', Preconditions, { ptr: true }),
  field(3, 'orphanDependents', 'bool', { ptr: true }),
  field(4, 'propagationPolicy', 'string', { ptr: true }),
  strings(5, 'dryRun'),
  field(6, 'ignoreStoreReadErrorWithClusterBreakingPotential', 'bool', { ptr: true }),
]);

/** FieldSelectorRequirement and LabelSelectorRequirement share this shape. */
export const SelectorRequirement = message('SelectorRequirement', [
  field(1, 'key', 'string', { always: true }),
  field(2, 'operator', 'string', { always: true }),
  strings(3, 'values'),
]);
