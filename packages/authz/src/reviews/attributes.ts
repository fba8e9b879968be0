/**
 * The authorization.k8s.io/v1 review specs, turned into authorization attributes and answered
 * in kube's status form.
 */
import {
  type AuthorizationAttributes,
  type Decision,
  type FieldError,
  type UserInfo,
  errors,
  fieldInvalid,
  fieldRequired,
} from '@apiserver-kit/core';

export interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

export interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

export interface ReviewSpec {
  resourceAttributes?: ResourceAttributes | null;
  nonResourceAttributes?: NonResourceAttributes | null;
  user?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
  uid?: string;
}

/** kube's validation: exactly one of resourceAttributes and nonResourceAttributes. */
export function validateAttributes(spec: ReviewSpec, kind: string): void {
  const errs: FieldError[] = [];
  const r = spec.resourceAttributes;
  const n = spec.nonResourceAttributes;
  if (!r && !n) {
    errs.push(fieldInvalid('spec.resourceAttributes', null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  } else if (r && n) {
    errs.push(fieldInvalid('spec.nonResourceAttributes', n, 'cannot be specified in combination with resourceAttributes'));
  }
  if (errs.length > 0) throw errors.invalid({ group: 'authorization.k8s.io', kind }, '', errs);
}

/** SubjectAccessReview also needs someone to ask about. */
export function validateSubject(spec: ReviewSpec, kind: string): void {
  if (!spec.user && (!spec.groups || spec.groups.length === 0)) {
    throw errors.invalid({ group: 'authorization.k8s.io', kind }, '', [
      fieldRequired('spec.user', 'at least one of user or group must be specified'),
    ]);
  }
}

export function attributesFromSpec(spec: ReviewSpec, user: UserInfo): AuthorizationAttributes {
  const r = spec.resourceAttributes;
  if (r) {
    return {
      user,
      verb: r.verb ?? '',
      isResourceRequest: true,
      path: '',
      namespace: r.namespace ?? '',
      apiGroup: r.group ?? '',
      apiVersion: r.version ?? '',
      resource: r.resource ?? '',
      subresource: r.subresource ?? '',
      name: r.name ?? '',
    };
  }
  const n = spec.nonResourceAttributes ?? {};
  return {
    user,
    verb: n.verb ?? '',
    isResourceRequest: false,
    path: n.path ?? '',
    namespace: '',
    apiGroup: '',
    apiVersion: '',
    resource: '',
    subresource: '',
    name: '',
  };
}

/** SubjectAccessReviewStatus for a decision: allowed, denied (an explicit Deny), reason. */
export function reviewStatus(d: Decision): Record<string, unknown> {
  const status: Record<string, unknown> = { allowed: d.decision === 'Allow' };
  if (d.decision === 'Deny') status.denied = true;
  if (d.reason) status.reason = d.reason;
  return status;
}
