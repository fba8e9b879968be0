/**
 * OpenAPI v3 schemas of the meta/v1 types every group-version document refers to (ObjectMeta,
 * ListMeta, Status, DeleteOptions, Patch, WatchEvent...) and of autoscaling/v1 Scale, with the
 * list semantics (`x-kubernetes-patch-*`, `x-kubernetes-list-*`) kube publishes, so that
 * kubectl's strategic merge patch treats ownerReferences and finalizers as kube does.
 */
import { definitionName, metaName } from './names.js';

export type JsonSchema = Record<string, unknown>;

export const componentsPrefix = '#/components/schemas/';
export const rawExtensionName = 'io.k8s.apimachinery.pkg.runtime.RawExtension';

export function ref(name: string): JsonSchema {
  return { $ref: `${componentsPrefix}${name}` };
}

/** A property holding a named type, in kube's v3 form (`allOf` around the `$ref`). */
export function refProperty(name: string, description?: string, withDefault = false): JsonSchema {
  const s: JsonSchema = { allOf: [ref(name)] };
  if (withDefault) s.default = {};
  if (description) s.description = description;
  return s;
}

const str = (description: string): JsonSchema => ({ description, type: 'string' });
const int = (description: string, format: 'int32' | 'int64' = 'int64'): JsonSchema => ({ description, format, type: 'integer' });
const bool = (description: string): JsonSchema => ({ description, type: 'boolean' });
const stringMap = (description: string): JsonSchema => ({ additionalProperties: { default: '', type: 'string' }, description, type: 'object' });

export const apiVersionProperty = str(
  'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
);
export const kindProperty = str(
  'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
);
export const objectMetadataProperty = refProperty(
  metaName('ObjectMeta'),
  "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  true,
);
export const listMetadataProperty = refProperty(
  metaName('ListMeta'),
  'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
  true,
);

function gvk(group: string, version: string, kind: string): JsonSchema {
  return { 'x-kubernetes-group-version-kind': [{ group, kind, version }] };
}

const time = refProperty.bind(null, metaName('Time'));

const objectMeta: JsonSchema = {
  description: 'ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.',
  properties: {
    annotations: stringMap('Annotations is an unstructured key value map stored with a resource that may be set by external tools to store and retrieve arbitrary metadata.'),
    creationTimestamp: time('CreationTimestamp is a timestamp representing the server time when this object was created. Populated by the system. Read-only.'),
    deletionGracePeriodSeconds: int('Number of seconds allowed for this object to gracefully terminate before it will be removed from the system. Only set when deletionTimestamp is also set.'),
    deletionTimestamp: time('DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted. Populated by the system when a graceful deletion is requested. Read-only.'),
    finalizers: {
      description: 'Must be empty before the object is deleted from the registry. Each entry is an identifier for the responsible component that will remove the entry from the list.',
      items: { default: '', type: 'string' },
      type: 'array',
      'x-kubernetes-list-type': 'set',
      'x-kubernetes-patch-strategy': 'merge',
    },
    generateName: str('GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.'),
    generation: int('A sequence number representing a specific generation of the desired state. Populated by the system. Read-only.'),
    labels: stringMap('Map of string keys and values that can be used to organize and categorize (scope and select) objects.'),
    managedFields: {
      description: 'ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.',
      items: refProperty(metaName('ManagedFieldsEntry'), undefined, true),
      type: 'array',
      'x-kubernetes-list-type': 'atomic',
    },
    name: str('Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Cannot be updated.'),
    namespace: str('Namespace defines the space within which each name must be unique. An empty namespace is equivalent to the "default" namespace. Cannot be updated.'),
    ownerReferences: {
      description: 'List of objects depended by this object. If ALL objects in the list have been deleted, this object will be garbage collected.',
      items: refProperty(metaName('OwnerReference'), undefined, true),
      type: 'array',
      'x-kubernetes-list-map-keys': ['uid'],
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-patch-merge-key': 'uid',
      'x-kubernetes-patch-strategy': 'merge',
    },
    resourceVersion: str('An opaque value that represents the internal version of this object that can be used by clients to determine when objects have changed. Populated by the system. Read-only.'),
    selfLink: str('Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.'),
    uid: str('UID is the unique in time and space value for this object. Populated by the system. Read-only.'),
  },
  type: 'object',
};

const metaSchemas: Record<string, JsonSchema> = {
  ObjectMeta: objectMeta,
  ListMeta: {
    description: 'ListMeta describes metadata that synthetic resources must have, including lists and various status objects.',
    properties: {
      continue: str('continue may be set if the user set a limit on the number of items returned, and indicates that the server has more data available.'),
      remainingItemCount: int('remainingItemCount is the number of subsequent items in the list which are not included in this list response.'),
      resourceVersion: str("String that identifies the server's internal version of this object that can be used by clients to determine when objects have changed."),
      selfLink: str('Deprecated: selfLink is a legacy read-only field that is no longer populated by the system.'),
    },
    type: 'object',
  },
  Time: { description: 'Time is a wrapper around time.Time which supports correct marshaling to YAML and JSON.', format: 'date-time', type: 'string' },
  FieldsV1: { description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.', type: 'object' },
  OwnerReference: {
    description: 'OwnerReference contains enough information to let you identify an owning object.',
    properties: {
      apiVersion: { default: '', ...str('API version of the referent.') },
      blockOwnerDeletion: bool('If true, AND if the owner has the "foregroundDeletion" finalizer, then the owner cannot be deleted from the key-value store until this reference is removed.'),
      controller: bool('If true, this reference points to the managing controller.'),
      kind: { default: '', ...str('Kind of the referent.') },
      name: { default: '', ...str('Name of the referent.') },
      uid: { default: '', ...str('UID of the referent.') },
    },
    required: ['apiVersion', 'kind', 'name', 'uid'],
    type: 'object',
    'x-kubernetes-map-type': 'atomic',
  },
  ManagedFieldsEntry: {
    description: 'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.',
    properties: {
      apiVersion: str('APIVersion defines the version of this resource that this field set applies to.'),
      fieldsType: str('FieldsType is the discriminator for the different fields format and version. There is currently only one possible value: "FieldsV1"'),
      fieldsV1: refProperty(metaName('FieldsV1'), 'FieldsV1 holds the first JSON version format as described in the "FieldsV1" type.'),
      manager: str('Manager is an identifier of the workflow managing these fields.'),
      operation: str("Operation is the type of operation which lead to this ManagedFieldsEntry being created. The only valid values for this field are 'Apply' and 'Update'."),
      subresource: str('Subresource is the name of the subresource used to update that object, or empty string if the object was updated through the main resource.'),
      time: time('Time is the timestamp of when the ManagedFields entry was added.'),
    },
    type: 'object',
  },
  Status: {
    description: 'Status is a return value for calls that don\'t return other objects.',
    properties: {
      apiVersion: apiVersionProperty,
      code: int('Suggested HTTP return code for this status, 0 if not set.', 'int32'),
      details: { ...refProperty(metaName('StatusDetails'), 'Extended data associated with the reason.'), 'x-kubernetes-list-type': 'atomic' },
      kind: kindProperty,
      message: str('A human-readable description of the status of this operation.'),
      metadata: listMetadataProperty,
      reason: str('A machine-readable description of why this operation is in the "Failure" status.'),
      status: str('Status of the operation. One of: "Success" or "Failure".'),
    },
    type: 'object',
    ...gvk('', 'v1', 'Status'),
  },
  StatusDetails: {
    description: 'StatusDetails is a set of additional properties that MAY be set by the server to provide additional information about a response.',
    properties: {
      causes: { description: 'The Causes array includes more details associated with the StatusReason failure.', items: refProperty(metaName('StatusCause'), undefined, true), type: 'array', 'x-kubernetes-list-type': 'atomic' },
      group: str('The group attribute of the resource associated with the status StatusReason.'),
      kind: str('The kind attribute of the resource associated with the status StatusReason.'),
      name: str('The name attribute of the resource associated with the status StatusReason (when there is a single name which can be described).'),
      retryAfterSeconds: int('If specified, the time in seconds before the operation should be retried.', 'int32'),
      uid: str('UID of the resource.'),
    },
    type: 'object',
  },
  StatusCause: {
    description: 'StatusCause provides more information about an api.Status failure, including cases when multiple errors are encountered.',
    properties: {
      field: str('The field of the resource that has caused this error, as named by its JSON serialization.'),
      message: str('A human-readable description of the cause of the error.'),
      reason: str('A machine-readable description of the cause of the error. If this value is empty there is no information available.'),
    },
    type: 'object',
  },
  Preconditions: {
    description: 'Preconditions must be fulfilled before an operation (update, delete, etc.) is carried out.',
    properties: { resourceVersion: str('Specifies the target ResourceVersion'), uid: str('Specifies the target UID.') },
    type: 'object',
  },
  DeleteOptions: {
    description: 'DeleteOptions may be provided when deleting an API object.',
    properties: {
      apiVersion: apiVersionProperty,
      dryRun: { description: 'When present, indicates that modifications should not be persisted.', items: { default: '', type: 'string' }, type: 'array', 'x-kubernetes-list-type': 'atomic' },
      gracePeriodSeconds: int('The duration in seconds before the object should be deleted.'),
      ignoreStoreReadErrorWithClusterBreakingPotential: bool('if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.'),
      kind: kindProperty,
      orphanDependents: bool('Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7.'),
      preconditions: refProperty(metaName('Preconditions'), 'Must be fulfilled before a deletion is carried out.'),
      propagationPolicy: str("Whether and how garbage collection will be performed. Acceptable values are: 'Orphan', 'Background', 'Foreground'."),
    },
    type: 'object',
    ...gvk('', 'v1', 'DeleteOptions'),
  },
  Patch: { description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.', type: 'object' },
  WatchEvent: {
    description: 'Event represents a single event to a watched resource.',
    properties: {
      object: refProperty(rawExtensionName, 'Object is the object of the event.', true),
      type: { default: '', type: 'string' },
    },
    required: ['type', 'object'],
    type: 'object',
    ...gvk('', 'v1', 'WatchEvent'),
  },
  APIResource: {
    description: 'APIResource specifies the name of a resource and whether it is namespaced.',
    properties: {
      categories: { items: { default: '', type: 'string' }, type: 'array', 'x-kubernetes-list-type': 'atomic' },
      group: str('group is the preferred group of the resource.'),
      kind: { default: '', ...str("kind is the kind for the resource (e.g. 'Foo' is the kind for a resource 'foo')") },
      name: { default: '', ...str('name is the plural name of the resource.') },
      namespaced: { default: false, ...bool('namespaced indicates if a resource is namespaced or not.') },
      shortNames: { items: { default: '', type: 'string' }, type: 'array', 'x-kubernetes-list-type': 'atomic' },
      singularName: { default: '', ...str('singularName is the singular name of the resource.') },
      storageVersionHash: str('The hash value of the storage version, the version this resource is converted to when written to the data store.'),
      verbs: { items: { default: '', type: 'string' }, type: 'array' },
      version: str('version is the preferred version of the resource.'),
    },
    required: ['name', 'singularName', 'namespaced', 'kind', 'verbs'],
    type: 'object',
  },
  APIResourceList: {
    description: 'APIResourceList is a list of APIResource, it is used to expose the name of the resources supported in a specific group and version, and if the resource is namespaced.',
    properties: {
      apiVersion: apiVersionProperty,
      groupVersion: { default: '', ...str('groupVersion is the group and version this APIResourceList is for.') },
      kind: kindProperty,
      resources: { items: refProperty(metaName('APIResource'), undefined, true), type: 'array', 'x-kubernetes-list-type': 'atomic' },
    },
    required: ['groupVersion', 'resources'],
    type: 'object',
    ...gvk('', 'v1', 'APIResourceList'),
  },
};

export const scaleName = definitionName('autoscaling', 'v1', 'Scale');

/** Every meta/v1 schema, keyed by definition name. */
export function metaComponents(): Record<string, JsonSchema> {
  const out: Record<string, JsonSchema> = {};
  for (const [kind, schema] of Object.entries(metaSchemas)) out[metaName(kind)] = structuredClone(schema);
  out[rawExtensionName] = { description: 'RawExtension is used to hold extensions in external versions.', type: 'object' };
  return out;
}

/** autoscaling/v1 Scale and its parts, for documents serving a /scale subresource. */
export function scaleComponents(): Record<string, JsonSchema> {
  return {
    [scaleName]: {
      description: 'Scale represents a scaling request for a resource.',
      properties: {
        apiVersion: apiVersionProperty,
        kind: kindProperty,
        metadata: objectMetadataProperty,
        spec: refProperty(definitionName('autoscaling', 'v1', 'ScaleSpec'), 'spec defines the behavior of the scale.', true),
        status: refProperty(definitionName('autoscaling', 'v1', 'ScaleStatus'), 'status is the current status of the scale. Read-only.', true),
      },
      type: 'object',
      ...gvk('autoscaling', 'v1', 'Scale'),
    },
    [definitionName('autoscaling', 'v1', 'ScaleSpec')]: {
      description: 'ScaleSpec describes the attributes of a scale subresource.',
      properties: { replicas: int('replicas is the desired number of instances for the scaled object.', 'int32') },
      type: 'object',
    },
    [definitionName('autoscaling', 'v1', 'ScaleStatus')]: {
      description: 'ScaleStatus represents the current status of a scale subresource.',
      properties: {
        replicas: { default: 0, ...int('replicas is the actual number of observed instances of the scaled object.', 'int32') },
        selector: str('selector is the label query over pods that should match the replicas count.'),
      },
      required: ['replicas'],
      type: 'object',
    },
  };
}
