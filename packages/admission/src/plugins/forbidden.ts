/**
 * kube's `admission.NewForbidden`: a 403 naming the request's resource and object, for
 * plugins that refuse a request. Before the name is generated, the object's generateName
 * stands in for it, and "Unknown" when there is neither (as in kube).
 *
 * @example
 * throw admissionForbidden(attrs, 'exceeded quota: q, ...');
 * // 403 configmaps "x" is forbidden: exceeded quota: q, ...
 */
import { type AdmissionAttributes, type StatusError, errors } from '@apiserver-kit/core';

/** The name kube puts in admission errors: the request's, the object's, its generateName, or "Unknown". */
export function admissionObjectName(attrs: AdmissionAttributes): string {
  if (attrs.name) return attrs.name;
  const meta = attrs.object?.metadata;
  return meta?.name || meta?.generateName || 'Unknown';
}

export function admissionForbidden(attrs: AdmissionAttributes, reason: string): StatusError {
  return errors.forbidden({ group: attrs.resource.group, resource: attrs.resource.resource }, admissionObjectName(attrs), reason);
}
