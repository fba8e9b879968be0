/**
 * Checks the decision-table data itself against a literal transcription of kube's RBAC
 * evaluation (rbac.go RuleAllows, rule.go appliesToUser / VisitRulesFor), so that a typo in a
 * row or a manifest shows up before the real authorizer runs the table
 * (src/decision-table.test.ts).
 */
import { readdirSync } from 'node:fs';
import type { AuthorizationAttributes, UserInfo } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import type { PolicyRule, Subject } from '../rbac-types.js';
import { U, decisionTable, loadDecisionTablePolicy, loadManifests, manifestsDir, rowAttributes } from './testdata/decision-table.js';

const has = (list: readonly string[] | null | undefined, v: string, all: string) => (list ?? []).some((x) => x === all || x === v);

function ruleAllows(a: AuthorizationAttributes, r: PolicyRule): boolean {
  if (!has(r.verbs, a.verb, '*')) return false;
  if (!a.isResourceRequest) {
    return (r.nonResourceURLs ?? []).some((u) => u === '*' || u === a.path || (u.endsWith('*') && a.path.startsWith(u.replace(/\*+$/, ''))));
  }
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resourceOk = (r.resources ?? []).some(
    (x) => x === '*' || x === combined || (a.subresource !== '' && x === `*/${a.subresource}`),
  );
  const namesOk = !r.resourceNames?.length || r.resourceNames.includes(a.name);
  return has(r.apiGroups, a.apiGroup, '*') && resourceOk && namesOk;
}

function appliesTo(user: UserInfo, s: Subject, namespace: string): boolean {
  if (s.kind === 'User') return user.name === s.name;
  if (s.kind === 'Group') return user.groups.includes(s.name);
  if (s.kind !== 'ServiceAccount') return false;
  const ns = s.namespace || namespace;
  return ns !== '' && user.name === `system:serviceaccount:${ns}:${s.name}`;
}

const p = loadDecisionTablePolicy();

function referenceAllows(a: AuthorizationAttributes): boolean {
  const clusterRule = (name: string) => p.clusterRoles.find((r) => r.metadata.name === name)?.rules ?? [];
  for (const b of p.clusterRoleBindings) {
    if (!(b.subjects ?? []).some((s) => appliesTo(a.user, s, ''))) continue;
    if (b.roleRef.kind === 'ClusterRole' && clusterRule(b.roleRef.name).some((r) => ruleAllows(a, r))) return true;
  }
  if (a.namespace === '') return false;
  for (const b of p.roleBindings.filter((x) => x.metadata.namespace === a.namespace)) {
    if (!(b.subjects ?? []).some((s) => appliesTo(a.user, s, a.namespace))) continue;
    const rules =
      b.roleRef.kind === 'Role'
        ? (p.roles.find((r) => r.metadata.namespace === a.namespace && r.metadata.name === b.roleRef.name)?.rules ?? [])
        : clusterRule(b.roleRef.name);
    if (rules.some((r) => ruleAllows(a, r))) return true;
  }
  return false;
}

describe('the decision table data', () => {
  it('has at least 200 rows, each with a reason, both outcomes well represented', () => {
    expect(decisionTable.length).toBeGreaterThanOrEqual(200);
    expect(decisionTable.every((r) => r.why.length > 10)).toBe(true);
    expect(decisionTable.filter((r) => r.allowed).length).toBeGreaterThan(80);
    expect(decisionTable.filter((r) => !r.allowed).length).toBeGreaterThan(80);
  });

  it('asks no question twice', () => {
    const keys = decisionTable.map((r) => JSON.stringify({ ...r, why: '', allowed: false }));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('uses every user of the manifests', () => {
    const used = new Set(decisionTable.map((r) => r.user));
    expect(Object.values(U).filter((u) => !used.has(u))).toEqual([]);
  });

  it('comes with 20 manifests of RBAC objects', () => {
    expect(readdirSync(manifestsDir).filter((f) => f.endsWith('.yaml'))).toHaveLength(20);
    for (const obj of loadManifests()) {
      expect(obj.apiVersion).toBe('rbac.authorization.k8s.io/v1');
      expect(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']).toContain(obj.kind);
    }
  });

  it('aggregates the manifests into view, edit and the custom observer role', () => {
    const roles = new Map(loadDecisionTablePolicy().clusterRoles.map((r) => [r.metadata.name, r.rules ?? []]));
    expect(roles.get('view')![0]).toEqual({ verbs: ['get', 'list', 'watch'], apiGroups: ['stable.example.com'], resources: ['crontabs'] });
    expect(roles.get('observer')!.map((r) => r.resources)).toEqual([['events'], ['pods/log']]);
  });

  it.each(decisionTable.map((row) => [`${row.user.split('|')[0]} ${row.verb} ${row.path ?? `${row.group}/${row.resource}${row.subresource ? `/${row.subresource}` : ''} ns=${row.namespace} name=${row.name ?? ''}`}`, row] as const))(
    'agrees with a transcription of kube RBAC: %s',
    (_label, row) => {
      expect(referenceAllows(rowAttributes(row)), row.why).toBe(row.allowed);
    },
  );
});
