/**
 * Column descriptions kube-apiserver sends in Table column definitions. They are the swagger
 * docs of the fields a column shows (k8s.io/apimachinery meta/v1 ObjectMeta, k8s.io/api
 * types), copied as the server sends them so `kubectl get -o json` output matches.
 *
 * @example
 * ({ name: 'Name', type: 'string', format: 'name', description: objectMetaDescriptions.name });
 */

/** ObjectMeta{}.SwaggerDoc() entries used by every table. */
export const objectMetaDescriptions = {
  name: 'Name must be unique within a namespace. Is required when creating resources, although some resources may allow a client to request the generation of an appropriate name automatically. Name is primarily intended for creation idempotence and configuration definition. Cannot be updated. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names',
  creationTimestamp:
    'CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata',
} as const;
