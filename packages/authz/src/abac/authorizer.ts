/**
 * The ABAC authorizer (`--authorization-mode=ABAC`): Allow when any policy matches the request,
 * otherwise NoOpinion with kube's reason "No policy matched." — ABAC never denies.
 *
 * Matching is kube's (pkg/auth/authorizer/abac): the subject (user and, if given, group must
 * both match; a policy naming neither matches nobody), then the verb (a readonly policy only
 * covers get, list and watch), then either the resource attributes (namespace, resource and
 * apiGroup each `*` or equal) or, for non-resource requests, the path (`*`, equal, or a prefix
 * ending in `*`).
 */
import { type AuthorizationAttributes, type Authorizer, type UserInfo, allow, noOpinion } from '@apiserver-kit/core';
import type { PolicyRule } from '../rbac-types.js';
import { type AbacPolicy, type AbacPolicySpec, normalizeAbacSpec } from './policy.js';

type Rule = Required<AbacPolicySpec>;

export interface AbacAuthorizer extends Authorizer {
  /** The rules of the policies that name `user` in `namespace` (kube's RulesFor), for SelfSubjectRulesReview. */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: unknown[] };
}

const readOnlyVerbs = new Set(['get', 'list', 'watch']);

function subjectMatches(p: Rule, user: UserInfo): boolean {
  let matched = false;
  if (p.user) {
    if (p.user === '*') matched = true;
    else if (p.user === user.name) matched = true;
    else return false;
  }
  if (p.group) {
    matched = p.group === '*' || user.groups.includes(p.group);
    if (!matched) return false;
  }
  return matched;
}

function resourceMatches(p: Rule, a: AuthorizationAttributes): boolean {
  return (
    a.isResourceRequest &&
    (p.namespace === '*' || p.namespace === a.namespace) &&
    (p.resource === '*' || p.resource === a.resource) &&
    (p.apiGroup === '*' || p.apiGroup === a.apiGroup)
  );
}

function nonResourceMatches(p: Rule, a: AuthorizationAttributes): boolean {
  if (a.isResourceRequest) return false;
  const path = p.nonResourcePath;
  if (path === '*' || path === a.path) return true;
  return path.endsWith('*') && a.path.startsWith(path.replace(/\*+$/, ''));
}

function ruleMatches(p: Rule, a: AuthorizationAttributes): boolean {
  if (!subjectMatches(p, a.user)) return false;
  if (p.readonly && !readOnlyVerbs.has(a.verb)) return false;
  // Resource and non-resource requests are exclusive: at most one of these can hold.
  return resourceMatches(p, a) || nonResourceMatches(p, a);
}

const ruleOf = (policy: AbacPolicy | AbacPolicySpec): Rule => normalizeAbacSpec('spec' in policy ? policy.spec : policy);

/** Whether one policy covers the request. */
export function abacPolicyMatches(policy: AbacPolicy | AbacPolicySpec, attrs: AuthorizationAttributes): boolean {
  return ruleMatches(ruleOf(policy), attrs);
}

/**
 * @example
 * const abac = abacAuthorizer(await loadAbacPolicyFile('/etc/kubernetes/abac.jsonl'));
 * const authz = union(privilegedGroups(Groups.systemPrivileged), abac, rbacAuthorizer(source));
 */
export function abacAuthorizer(policies: ReadonlyArray<AbacPolicy | AbacPolicySpec>): AbacAuthorizer {
  const rules = policies.map(ruleOf);
  return {
    async authorize(attrs) {
      for (const p of rules) if (ruleMatches(p, attrs)) return allow();
      return noOpinion('No policy matched.');
    },
    rulesFor(user, namespace) {
      const out: PolicyRule[] = [];
      for (const p of rules) {
        if (!subjectMatches(p, user) || (p.namespace !== '*' && p.namespace !== namespace)) continue;
        const verbs = p.readonly ? ['get', 'list', 'watch'] : ['*'];
        if (p.resource) out.push({ verbs, apiGroups: [p.apiGroup], resources: [p.resource] });
        if (p.nonResourcePath) out.push({ verbs: [...verbs], nonResourceURLs: [p.nonResourcePath] });
      }
      return { rules: out, errors: [] };
    },
  };
}
