import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bootstrapClusterRoleBindings, bootstrapClusterRoles, bootstrapPolicy } from './index.js';

/** The items of one of kube's testdata Lists, without the `creationTimestamp: null` Go prints for a zero time. */
function kubeTestdata(file: string): unknown[] {
  const list = parse(readFileSync(new URL(`./testdata/${file}`, import.meta.url), 'utf8')) as { items: Array<{ metadata: Record<string, unknown> }> };
  return list.items.map((item) => {
    const { creationTimestamp, ...metadata } = item.metadata;
    expect(creationTimestamp).toBeNull();
    return { ...item, metadata };
  });
}

/** Our objects as they go on the wire. */
const wire = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('bootstrap ClusterRoles', () => {
  it("equal kube's testdata/cluster-roles.yaml item for item, rule for rule", () => {
    expect(wire(bootstrapClusterRoles())).toStrictEqual(kubeTestdata('cluster-roles.yaml'));
  });

  it('list cluster-admin, admin, edit, view, the aggregate-to roles, discovery, public-info-viewer, basic-user and auth-delegator', () => {
    expect(bootstrapClusterRoles().map((r) => r.metadata.name)).toEqual([
      'admin',
      'cluster-admin',
      'edit',
      'system:aggregate-to-admin',
      'system:aggregate-to-edit',
      'system:aggregate-to-view',
      'system:auth-delegator',
      'system:basic-user',
      'system:discovery',
      'system:public-info-viewer',
      'view',
    ]);
  });

  it('leave admin, edit and view without rules of their own (rules: null) for the aggregation controller', () => {
    const byName = new Map(bootstrapClusterRoles().map((r) => [r.metadata.name, r]));
    for (const name of ['admin', 'edit', 'view']) {
      expect(byName.get(name)?.rules).toBeNull();
      expect(byName.get(name)?.aggregationRule?.clusterRoleSelectors).toHaveLength(1);
    }
  });

  it('return fresh objects on every call', () => {
    const first = bootstrapClusterRoles();
    first[1]!.rules![0]!.verbs.push('mutated');
    first[1]!.metadata.labels!['x'] = 'y';
    const second = bootstrapClusterRoles();
    expect(second[1]!.rules![0]!.verbs).toEqual(['*']);
    expect(second[1]!.metadata.labels).toEqual({ 'kubernetes.io/bootstrapping': 'rbac-defaults' });
  });
});

describe('bootstrap ClusterRoleBindings', () => {
  it("equal kube's testdata/cluster-role-bindings.yaml item for item", () => {
    expect(wire(bootstrapClusterRoleBindings())).toStrictEqual(kubeTestdata('cluster-role-bindings.yaml'));
  });

  it('bind system:public-info-viewer to unauthenticated users too, system:discovery to authenticated ones only', () => {
    const byName = new Map(bootstrapClusterRoleBindings().map((b) => [b.metadata.name, b]));
    expect(byName.get('system:public-info-viewer')?.subjects?.map((s) => s.name)).toEqual(['system:authenticated', 'system:unauthenticated']);
    expect(byName.get('system:discovery')?.subjects?.map((s) => s.name)).toEqual(['system:authenticated']);
  });

  it('return fresh objects on every call', () => {
    bootstrapClusterRoleBindings()[0]!.subjects!.push({ kind: 'User', name: 'mallory' });
    expect(bootstrapClusterRoleBindings()[0]!.subjects).toHaveLength(1);
  });
});

describe('bootstrapPolicy', () => {
  it('is the roles and bindings exactly as kube creates them by default', () => {
    const policy = bootstrapPolicy();
    expect(policy.clusterRoles).toEqual(bootstrapClusterRoles());
    expect(policy.clusterRoleBindings).toEqual(bootstrapClusterRoleBindings());
  });

  it('fills admin, edit and view when asked for the aggregated policy', () => {
    const roles = new Map(bootstrapPolicy({ aggregated: true }).clusterRoles.map((r) => [r.metadata.name, r]));
    expect(roles.get('view')?.rules).toEqual(roles.get('system:aggregate-to-view')?.rules);
    expect(roles.get('edit')?.rules?.length).toBeGreaterThan(roles.get('view')!.rules!.length);
    expect(roles.get('admin')?.rules?.length).toBeGreaterThan(roles.get('edit')!.rules!.length);
    expect(roles.get('cluster-admin')?.rules).toEqual(bootstrapClusterRoles()[1]!.rules);
  });
});
