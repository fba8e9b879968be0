/**
 * RBAC escalation prevention, as kube-apiserver's RBAC storage enforces it: writing a Role or
 * ClusterRole needs every rule it grants already held (or the verb `escalate` on it); writing a
 * RoleBinding or ClusterRoleBinding needs the referenced role's rules (or the verb `bind` on
 * that role). Members of system:masters bypass both.
 *
 * @example
 * createApiServer({ ..., admission: { validating: [rbacEscalationCheck({ resolver, authorizer })] } });
 */
import {
  type AdmissionAttributes,
  type ApiObject,
  type Authorizer,
  type ValidatingPlugin,
  Groups,
  errors,
} from '@apiserver-kit/core';
import { type PolicyRule, type RoleRef, rbacGroup } from './rbac-types.js';
import { type RuleResolver, confirmNoEscalation } from './resolver.js';

export interface EscalationCheckOptions {
  resolver: RuleResolver;
  authorizer: Authorizer;
  /** Groups whose members may grant anything (kube: system:masters). */
  privilegedGroups?: string[];
}

/** What creating an aggregated ClusterRole requires: everything (its rules are not yet known). */
const fullAuthority: PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

const roleKinds = new Set(['roles', 'clusterroles']);
const bindingKinds = new Set(['rolebindings', 'clusterrolebindings']);

async function allowed(authorizer: Authorizer, a: AdmissionAttributes, verb: string, resource: string, name: string): Promise<boolean> {
  const d = await authorizer.authorize({
    user: a.user,
    verb,
    isResourceRequest: true,
    path: '',
    namespace: a.namespace,
    apiGroup: rbacGroup,
    apiVersion: '*',
    resource,
    subresource: '',
    name,
  });
  return d.decision === 'Allow';
}

export function rbacEscalationCheck(options: EscalationCheckOptions): ValidatingPlugin {
  const privileged = options.privilegedGroups ?? [Groups.systemPrivileged];
  return {
    name: 'RBACEscalationCheck',
    handles: (op) => op === 'CREATE' || op === 'UPDATE',
    async validate(a) {
      const resource = a.resource.resource;
      if (a.resource.group !== rbacGroup || a.subresource || !a.object) return;
      if (!roleKinds.has(resource) && !bindingKinds.has(resource)) return;
      if (a.user.groups.some((g) => privileged.includes(g))) return;
      const obj = a.object as ApiObject & { rules?: PolicyRule[] | null; aggregationRule?: unknown; roleRef?: RoleRef };
      const gr = { group: rbacGroup, resource };
      let rules: readonly PolicyRule[];
      if (roleKinds.has(resource)) {
        if (await allowed(options.authorizer, a, 'escalate', resource, a.name)) return;
        rules = obj.aggregationRule ? fullAuthority : (obj.rules ?? []);
      } else {
        const ref = obj.roleRef;
        if (!ref) return;
        const roleResource = ref.kind === 'Role' ? 'roles' : 'clusterroles';
        if (await allowed(options.authorizer, a, 'bind', roleResource, ref.name)) return;
        rules = options.resolver.roleReferenceRules(ref, a.namespace);
      }
      const reason = confirmNoEscalation(options.resolver, a.user, a.namespace, rules);
      if (reason) throw errors.forbidden(gr, a.name, reason);
    },
  };
}
