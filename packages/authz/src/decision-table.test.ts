/**
 * The decision table: kube's bootstrap policy (aggregated) plus 20 realistic manifests, and
 * 282 questions whose answers follow from kube-apiserver's documented RBAC semantics, asked
 * of our RBAC authorizer.
 */
import { describe, expect, it } from 'vitest';
import { decisionTable, loadDecisionTablePolicy } from './bootstrap/testdata/decision-table.js';
import { rowAttributes } from './bootstrap/testdata/decision-row.js';
import { MemoryRbacSource } from './memory-source.js';
import { rbacAuthorizer } from './rbac-authorizer.js';

const policy = loadDecisionTablePolicy();
const source = new MemoryRbacSource([
  ...policy.clusterRoles.map((o) => ({ ...o, kind: 'ClusterRole' as const })),
  ...policy.clusterRoleBindings.map((o) => ({ ...o, kind: 'ClusterRoleBinding' as const })),
  ...policy.roles.map((o) => ({ ...o, kind: 'Role' as const })),
  ...policy.roleBindings.map((o) => ({ ...o, kind: 'RoleBinding' as const })),
]);
const authz = rbacAuthorizer(source);

describe('RBAC decision table', () => {
  it('has at least 200 rows, both allowed and denied', () => {
    expect(decisionTable.length).toBeGreaterThanOrEqual(200);
    expect(decisionTable.filter((r) => r.allowed).length).toBeGreaterThan(50);
    expect(decisionTable.filter((r) => !r.allowed).length).toBeGreaterThan(50);
  });

  it.each(decisionTable.map((r) => [`${r.user} ${r.verb} ${r.path ?? `${r.group}/${r.resource}${r.subresource ? `/${r.subresource}` : ''} ${r.namespace ?? ''}/${r.name ?? ''}`} -> ${r.allowed ? 'allow' : 'deny'} (${r.why})`, r] as const))(
    '%s',
    async (_title, row) => {
      const d = await authz.authorize(rowAttributes(row));
      expect(d.decision === 'Allow').toBe(row.allowed);
    },
  );
});
