/**
 * The access review APIs (authorization.k8s.io/v1) as create-only virtual resources:
 * SubjectAccessReview, LocalSubjectAccessReview and SelfSubjectAccessReview ask the server's
 * authorizer; SelfSubjectRulesReview lists the requester's rules (`kubectl auth can-i --list`).
 *
 * @example
 * createApiServer({ storage, authorizer, virtualResources: accessReviewResources(authorizer, resolver) });
 */
import {
  type ApiObject,
  type Authorizer,
  type ResourceDefinition,
  type UserInfo,
  type VirtualResource,
  errors,
} from '@apiserver-kit/core';
import type { PolicyRule } from '../rbac-types.js';
import { type ReviewSpec, attributesFromSpec, reviewStatus, validateAttributes, validateSubject } from './attributes.js';

/** What SelfSubjectRulesReview needs: the rules a user holds in a namespace. */
export interface RulesLister {
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: unknown[] };
}

const group = 'authorization.k8s.io';

function review(kind: string, plural: string, namespaced: boolean): ResourceDefinition {
  return { group, versions: ['v1'], kind, plural, namespaced, verbs: ['create'] };
}

function answer(body: ApiObject, status: Record<string, unknown>): ApiObject {
  return { ...body, metadata: { ...body.metadata, creationTimestamp: null }, status };
}

function specOf(body: ApiObject): ReviewSpec {
  return (body.spec ?? {}) as ReviewSpec;
}

function userFromSpec(spec: ReviewSpec): UserInfo {
  const user: UserInfo = { name: spec.user ?? '', groups: spec.groups ?? [] };
  if (spec.uid) user.uid = spec.uid;
  if (spec.extra) user.extra = spec.extra;
  return user;
}

export function subjectAccessReviewResource(authorizer: Authorizer): VirtualResource {
  return {
    definition: review('SubjectAccessReview', 'subjectaccessreviews', false),
    async create({ body }) {
      const spec = specOf(body);
      validateAttributes(spec, 'SubjectAccessReview');
      validateSubject(spec, 'SubjectAccessReview');
      return answer(body, reviewStatus(await authorizer.authorize(attributesFromSpec(spec, userFromSpec(spec)))));
    },
  };
}

export function localSubjectAccessReviewResource(authorizer: Authorizer): VirtualResource {
  return {
    definition: review('LocalSubjectAccessReview', 'localsubjectaccessreviews', true),
    async create({ body, namespace }) {
      const spec = specOf(body);
      validateAttributes(spec, 'LocalSubjectAccessReview');
      validateSubject(spec, 'LocalSubjectAccessReview');
      if (spec.nonResourceAttributes) {
        throw errors.badRequest('disallowed on this kind of request');
      }
      if ((spec.resourceAttributes?.namespace ?? '') !== namespace) {
        throw errors.badRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
      }
      return answer(body, reviewStatus(await authorizer.authorize(attributesFromSpec(spec, userFromSpec(spec)))));
    },
  };
}

export function selfSubjectAccessReviewResource(authorizer: Authorizer): VirtualResource {
  return {
    definition: review('SelfSubjectAccessReview', 'selfsubjectaccessreviews', false),
    async create({ body, user }) {
      const spec = specOf(body);
      validateAttributes(spec, 'SelfSubjectAccessReview');
      return answer(body, reviewStatus(await authorizer.authorize(attributesFromSpec(spec, user))));
    },
  };
}

function toStatusRules(rules: PolicyRule[]) {
  const resourceRules: Record<string, unknown>[] = [];
  const nonResourceRules: Record<string, unknown>[] = [];
  for (const r of rules) {
    if (r.nonResourceURLs && r.nonResourceURLs.length > 0) nonResourceRules.push({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs });
    if (r.resources && r.resources.length > 0) {
      const rule: Record<string, unknown> = { verbs: r.verbs, apiGroups: r.apiGroups ?? [], resources: r.resources };
      if (r.resourceNames && r.resourceNames.length > 0) rule.resourceNames = r.resourceNames;
      resourceRules.push(rule);
    }
  }
  return { resourceRules, nonResourceRules };
}

export function selfSubjectRulesReviewResource(lister: RulesLister): VirtualResource {
  return {
    definition: review('SelfSubjectRulesReview', 'selfsubjectrulesreviews', false),
    async create({ body, user }) {
      const spec = (body.spec ?? {}) as { namespace?: string };
      const { rules, errors: problems } = lister.rulesFor(user, spec.namespace ?? '');
      const status: Record<string, unknown> = { ...toStatusRules(rules), incomplete: problems.length > 0 };
      if (problems.length > 0) status.evaluationError = problems.map((e) => (e instanceof Error ? e.message : String(e))).join(', ');
      return answer(body, status);
    },
  };
}

/** All four, for `createApiServer({ virtualResources })`. */
export function accessReviewResources(authorizer: Authorizer, lister: RulesLister): VirtualResource[] {
  return [
    subjectAccessReviewResource(authorizer),
    localSubjectAccessReviewResource(authorizer),
    selfSubjectAccessReviewResource(authorizer),
    selfSubjectRulesReviewResource(lister),
  ];
}
