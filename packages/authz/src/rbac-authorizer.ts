/**
 * The RBAC authorizer (plugin/pkg/auth/authorizer/rbac): Allow as soon as one rule that applies
 * to the user allows the request, with kube's reason
 * `RBAC: allowed by ClusterRoleBinding "ops" of ClusterRole "admin" to Group "ops"`; otherwise
 * NoOpinion, with an empty reason, or `RBAC: <errors>` when bindings could not be resolved
 * (e.g. `RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found`). RBAC never denies:
 * later authorizers in a union still get their say.
 *
 * Resource requests consult ClusterRoleBindings and the RoleBindings of the request's
 * namespace; non-resource requests (`/healthz`, `/metrics`) only ClusterRoleBindings, since
 * non-resource URLs are not namespaced. A list or watch with `fieldSelector=metadata.name=x`
 * arrives with name `x` (core's resolveRequestInfo), so resourceNames rules apply to it.
 *
 * @example
 * const source = new MemoryRbacSource();
 * source.load(objects);
 * const authz = rbacAuthorizer(source);
 * await authz.authorize(attributesOf(req)); // { decision: 'Allow', reason: 'RBAC: allowed by ...' }
 * accessReviewResources(authz, authz);      // it is also the RulesLister of SelfSubjectRulesReview
 */
import { type AuthorizationAttributes, type Authorizer, type Decision, type UserInfo, allow, noOpinion } from '@apiserver-kit/core';
import { aggregateMessage } from './go-format.js';
import type { RbacDataSource } from './rbac-types.js';
import { type ResolvedRules, RuleResolver } from './resolver.js';
import { ruleAllows } from './rules.js';

export interface RbacAuthorizer extends Authorizer {
  readonly resolver: RuleResolver;
  /** The rules `user` holds in `namespace` and the resolution errors (a RulesLister for SelfSubjectRulesReview). */
  rulesFor(user: UserInfo, namespace: string): ResolvedRules;
}

/** The RBAC authorizer over a data source (or a resolver over one). */
export function rbacAuthorizer(source: RbacDataSource | RuleResolver): RbacAuthorizer {
  const resolver = source instanceof RuleResolver ? source : new RuleResolver(source);

  function decide(attrs: AuthorizationAttributes): Decision {
    let allowedBy: string | undefined;
    let errs: Error[] | undefined;
    const namespace = attrs.isResourceRequest ? attrs.namespace : '';
    resolver.visitRulesFor(attrs.user, namespace, (src, rule, err) => {
      if (rule && src && ruleAllows(attrs, rule)) {
        allowedBy = src.toString();
        return false;
      }
      if (err) (errs ??= []).push(err);
      return true;
    });
    if (allowedBy !== undefined) return allow(`RBAC: allowed by ${allowedBy}`);
    return noOpinion(errs ? `RBAC: ${aggregateMessage(errs.map((e) => e.message))}` : '');
  }

  return {
    resolver,
    authorize: async (attrs) => decide(attrs),
    rulesFor: (user, namespace) => resolver.rulesFor(user, namespace),
  };
}
