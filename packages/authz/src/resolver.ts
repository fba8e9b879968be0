/**
 * The rules that apply to a user in a namespace (pkg/registry/rbac/validation
 * DefaultRuleResolver): those of every ClusterRoleBinding naming the user, then those of every
 * RoleBinding in the namespace naming the user (a RoleBinding may reference a Role of its
 * namespace or a ClusterRole). Bindings come from the data source's subject index, never from a
 * scan. A binding whose role is missing is an error that is reported and skipped; the other
 * bindings still count, because rules only ever add permissions.
 *
 * @example
 * const resolver = new RuleResolver(source);
 * const { rules, errors } = resolver.rulesFor({ name: 'alice', groups: [] }, 'dev');
 * resolver.visitRulesFor(user, 'dev', (src, rule, err) => {
 *   if (rule && ruleAllows(attrs, rule)) { console.log(`allowed by ${src}`); return false; } // stop
 *   return true;
 * });
 */
import { type UserInfo, errors } from '@apiserver-kit/core';
import { aggregateMessage, goQuote, goQuoteList } from './go-format.js';
import {
  type ClusterRoleBinding,
  type PolicyRule,
  type RbacDataSource,
  type RoleBinding,
  type RoleRef,
  type Subject,
  rbacGroup,
} from './rbac-types.js';
import { compactRules, compactString, covers } from './rules.js';
import { describeSubject, firstApplyingSubject, subjectKeysOf } from './subjects.js';

/** Where a rule came from: one binding and the first of its subjects that names the user. */
export class RuleSource {
  constructor(
    readonly kind: 'ClusterRoleBinding' | 'RoleBinding',
    readonly binding: ClusterRoleBinding | RoleBinding,
    readonly subject: Subject,
  ) {}

  /** kube's describer: `ClusterRoleBinding "b" of ClusterRole "r" to User "u"`, `RoleBinding "b/ns" of Role "r" to ...`. */
  toString(): string {
    const ns = this.kind === 'RoleBinding' ? (this.binding.metadata.namespace ?? '') : '';
    const name = this.binding.metadata.name ?? '';
    const ref = this.binding.roleRef;
    const binding = this.kind === 'RoleBinding' ? `${name}/${ns}` : name;
    return `${this.kind} ${goQuote(binding)} of ${ref.kind} ${goQuote(ref.name)} to ${describeSubject(this.subject, ns)}`;
  }
}

/**
 * Called with each rule that applies (and its source), or with an error met while resolving
 * (rule and source undefined). Returning false stops the walk.
 */
export type RuleVisitor = (source: RuleSource | undefined, rule: PolicyRule | undefined, err: Error | undefined) => boolean;

export interface ResolvedRules {
  rules: PolicyRule[];
  /** Resolution errors (e.g. a binding to a missing role); `rules` holds everything else. */
  errors: Error[];
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

export class RuleResolver {
  constructor(readonly source: RbacDataSource) {}

  /**
   * The rules a role reference grants (kube's GetRoleReferenceRules). Throws a NotFound
   * StatusError (`clusterrole.rbac.authorization.k8s.io "x" not found`) for a missing role.
   */
  roleReferenceRules(roleRef: RoleRef, bindingNamespace: string): readonly PolicyRule[] {
    switch (roleRef.kind) {
      case 'Role': {
        const role = this.source.getRole(bindingNamespace, roleRef.name);
        if (!role) throw errors.notFound({ group: rbacGroup, resource: 'role' }, roleRef.name);
        return role.rules ?? [];
      }
      case 'ClusterRole': {
        const role = this.source.getClusterRole(roleRef.name);
        if (!role) throw errors.notFound({ group: rbacGroup, resource: 'clusterrole' }, roleRef.name);
        return role.rules ?? [];
      }
      default:
        throw new Error(`unsupported role reference kind: ${goQuote(roleRef.kind)}`);
    }
  }

  /** Visit the rules that apply to `user` in `namespace` ("" for cluster-wide: ClusterRoleBindings only). */
  visitRulesFor(user: UserInfo, namespace: string, visitor: RuleVisitor): void {
    const keys = subjectKeysOf(user);
    let clusterBindings: Iterable<ClusterRoleBinding> = [];
    try {
      clusterBindings = this.source.clusterRoleBindingsFor(keys);
    } catch (err) {
      if (!visitor(undefined, undefined, asError(err))) return;
    }
    for (const binding of clusterBindings) {
      if (!this.visitBinding('ClusterRoleBinding', binding, user, '', visitor)) return;
    }
    if (!namespace) return;
    let bindings: Iterable<RoleBinding> = [];
    try {
      bindings = this.source.roleBindingsFor(namespace, keys);
    } catch (err) {
      if (!visitor(undefined, undefined, asError(err))) return;
    }
    for (const binding of bindings) {
      if (!this.visitBinding('RoleBinding', binding, user, namespace, visitor)) return;
    }
  }

  /** False when the visitor asked to stop. */
  private visitBinding(
    kind: RuleSource['kind'],
    binding: ClusterRoleBinding | RoleBinding,
    user: UserInfo,
    namespace: string,
    visitor: RuleVisitor,
  ): boolean {
    const index = firstApplyingSubject(user, binding.subjects, namespace);
    if (index < 0) return true;
    let rules: readonly PolicyRule[];
    try {
      rules = this.roleReferenceRules(binding.roleRef, namespace);
    } catch (err) {
      return visitor(undefined, undefined, asError(err));
    }
    const source = new RuleSource(kind, binding, binding.subjects![index]!);
    for (const rule of rules) if (!visitor(source, rule, undefined)) return false;
    return true;
  }

  /** Every rule that applies, and the errors met on the way (kube's RulesFor). */
  rulesFor(user: UserInfo, namespace: string): ResolvedRules {
    const out: ResolvedRules = { rules: [], errors: [] };
    this.visitRulesFor(user, namespace, (_src, rule, err) => {
      if (rule) out.rules.push(rule);
      if (err) out.errors.push(err);
      return true;
    });
    return out;
  }
}

/**
 * kube's ConfirmNoEscalation: undefined when the rules `user` holds in `namespace` cover
 * `rules`, else the reason to refuse, e.g. `user "bob" (groups=["devs"]) is attempting to grant
 * RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}`.
 * Wrap it as kube does: `errors.forbidden({ group: 'rbac.authorization.k8s.io', resource: 'roles' }, name, reason)`.
 */
export function confirmNoEscalation(
  resolver: RuleResolver,
  user: UserInfo,
  namespace: string,
  rules: readonly PolicyRule[],
): string | undefined {
  const owned = resolver.rulesFor(user, namespace);
  const result = covers(owned.rules, rules);
  if (result.covered) return undefined;
  const missing = [...new Set(compactRules(result.missing).map(compactString))].sort();
  let msg = `user ${goQuote(user.name)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${missing.join('\n')}`;
  if (owned.errors.length > 0) msg += `; resolution errors: [${aggregateMessage(owned.errors.map((e) => e.message))}]`;
  return msg;
}
