/**
 * Descriptor tables for the k8s.io/api/core/v1 kinds we decode from protobuf: ConfigMap,
 * Secret, Namespace, ServiceAccount, Event and ResourceQuota, with the references they embed. Field numbers
 * are from core/v1 generated.proto (checked against kubectl 1.32's embedded descriptors); JSON
 * names and omitempty/pointer flags follow types.go.
 *
 * @example
 * decodeMessage(bytes, ConfigMap, 'ConfigMap'); // { metadata: { name: 'x' }, binaryData: { b: 'AAE=' } }
 */
import { ObjectMeta } from './meta-v1.js';
import { field, list, map, message, nested, strings } from './schema.js';

const metadata = nested(1, 'metadata', ObjectMeta, { always: true });

export const ObjectReference = message('ObjectReference', [
  field(1, 'kind', 'string'),
  field(2, 'namespace', 'string'),
  field(3, 'name', 'string'),
  field(4, 'uid', 'string'),
  field(5, 'apiVersion', 'string'),
  field(6, 'resourceVersion', 'string'),
  field(7, 'fieldPath', 'string'),
]);

export const LocalObjectReference = message('LocalObjectReference', [field(1, 'name', 'string')]);

export const ConfigMap = message('ConfigMap', [
  metadata,
  field(4, 'immutable', 'bool', { ptr: true }),
  map(2, 'data', 'string'),
  map(3, 'binaryData', 'bytes'),
]);

export const Secret = message('Secret', [
  metadata,
  field(5, 'immutable', 'bool', { ptr: true }),
  map(2, 'data', 'bytes'),
  map(4, 'stringData', 'string'),
  field(3, 'type', 'string'),
]);

const NamespaceSpec = message('NamespaceSpec', [strings(1, 'finalizers')]);

const NamespaceCondition = message('NamespaceCondition', [
  field(1, 'type', 'string', { always: true }),
  field(2, 'status', 'string', { always: true }),
  field(4, 'lastTransitionTime', 'time'),
  field(5, 'reason', 'string'),
  field(6, 'message', 'string'),
]);

const NamespaceStatus = message('NamespaceStatus', [field(1, 'phase', 'string'), list(2, 'conditions', NamespaceCondition)]);

export const Namespace = message('Namespace', [
  metadata,
  nested(2, 'spec', NamespaceSpec, { always: true }),
  nested(3, 'status', NamespaceStatus, { always: true }),
]);

export const ServiceAccount = message('ServiceAccount', [
  metadata,
  list(2, 'secrets', ObjectReference),
  list(3, 'imagePullSecrets', LocalObjectReference),
  field(4, 'automountServiceAccountToken', 'bool', { ptr: true }),
]);

const EventSource = message('EventSource', [field(1, 'component', 'string'), field(2, 'host', 'string')]);

const EventSeries = message('EventSeries', [field(1, 'count', 'int32'), field(2, 'lastObservedTime', 'microTime')]);

export const Event = message('Event', [
  metadata,
  nested(2, 'involvedObject', ObjectReference, { always: true }),
  field(3, 'reason', 'string'),
  field(4, 'message', 'string'),
  nested(5, 'source', EventSource, { always: true }),
  field(6, 'firstTimestamp', 'time'),
  field(7, 'lastTimestamp', 'time'),
  field(8, 'count', 'int32'),
  field(9, 'type', 'string'),
  field(10, 'eventTime', 'microTime'),
  nested(11, 'series', EventSeries, { ptr: true }),
  field(12, 'action', 'string'),
  nested(13, 'related', ObjectReference, { ptr: true }),
  field(14, 'reportingComponent', 'string', { always: true }),
  field(15, 'reportingInstance', 'string', { always: true }),
]);

const ScopedResourceSelectorRequirement = message('ScopedResourceSelectorRequirement', [
  field(1, 'scopeName', 'string', { always: true }),
  field(2, 'operator', 'string', { always: true }),
  strings(3, 'values'),
]);

const ScopeSelector = message('ScopeSelector', [list(1, 'matchExpressions', ScopedResourceSelectorRequirement)]);

const ResourceQuotaSpec = message('ResourceQuotaSpec', [
  map(1, 'hard', 'quantity'),
  strings(2, 'scopes'),
  nested(3, 'scopeSelector', ScopeSelector, { ptr: true }),
]);

const ResourceQuotaStatus = message('ResourceQuotaStatus', [map(1, 'hard', 'quantity'), map(2, 'used', 'quantity')]);

export const ResourceQuota = message('ResourceQuota', [
  metadata,
  nested(2, 'spec', ResourceQuotaSpec, { always: true }),
  nested(3, 'status', ResourceQuotaStatus, { always: true }),
]);
