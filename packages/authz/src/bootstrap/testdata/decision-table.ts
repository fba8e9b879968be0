/**
 * The RBAC decision table: rows whose expectations follow from kube's documented RBAC semantics
 * applied to the bootstrap policy plus the 20 manifests in ./manifests, with every aggregated
 * ClusterRole aggregated (bootstrap admin/edit/view and the manifests' own `observer`).
 *
 * @example
 * const policy = loadDecisionTablePolicy();           // put these in a memory RbacDataSource
 * for (const row of decisionTable) {
 *   const d = await rbac.authorize(rowAttributes(row));
 *   expect(d.decision === 'Allow', `${row.user} ${row.verb} ... (${row.why})`).toBe(row.allowed);
 * }
 */
import { readFileSync, readdirSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { aggregateAll } from '../../aggregation.js';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from '../../rbac-types.js';
import { bootstrapPolicy } from '../index.js';
import { bootstrapRows } from './decision-rows-bootstrap.js';
import { teamRows } from './decision-rows-teams.js';
import { workloadRows } from './decision-rows-workloads.js';
import type { DecisionRow } from './decision-row.js';

export { type DecisionRow, U, parseRowUser, rowAttributes } from './decision-row.js';

export const decisionTable: readonly DecisionRow[] = [...bootstrapRows, ...teamRows, ...workloadRows];

export interface DecisionTablePolicy {
  roles: Role[];
  clusterRoles: ClusterRole[];
  roleBindings: RoleBinding[];
  clusterRoleBindings: ClusterRoleBinding[];
}

export const manifestsDir = new URL('./manifests/', import.meta.url);

/** Every object of every manifest, in file order. */
export function loadManifests(): Array<Role | ClusterRole | RoleBinding | ClusterRoleBinding> {
  const out: Array<Role | ClusterRole | RoleBinding | ClusterRoleBinding> = [];
  for (const file of readdirSync(manifestsDir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(readFileSync(new URL(file, manifestsDir), 'utf8'))) {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      const obj = doc.toJS() as (Role | ClusterRole | RoleBinding | ClusterRoleBinding) | null;
      if (obj) out.push(obj);
    }
  }
  return out;
}

/** The bootstrap policy plus the manifests, with every aggregated ClusterRole filled in. */
export function loadDecisionTablePolicy(): DecisionTablePolicy {
  const boot = bootstrapPolicy();
  const policy: DecisionTablePolicy = {
    roles: [],
    clusterRoles: [...boot.clusterRoles],
    roleBindings: [],
    clusterRoleBindings: [...boot.clusterRoleBindings],
  };
  for (const obj of loadManifests()) {
    if (obj.kind === 'Role') policy.roles.push(obj);
    else if (obj.kind === 'ClusterRole') policy.clusterRoles.push(obj);
    else if (obj.kind === 'RoleBinding') policy.roleBindings.push(obj);
    else if (obj.kind === 'ClusterRoleBinding') policy.clusterRoleBindings.push(obj);
    else throw new Error(`unexpected kind ${String((obj as { kind?: unknown }).kind)}`);
  }
  const aggregated = aggregateAll(policy.clusterRoles);
  policy.clusterRoles = policy.clusterRoles.map((r) => {
    const rules = aggregated.get(r.metadata.name ?? '');
    return rules ? { ...r, rules } : r;
  });
  return policy;
}
