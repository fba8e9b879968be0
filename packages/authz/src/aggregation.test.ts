import { describe, expect, it } from 'vitest';
import { aggregateAll, aggregateClusterRole, policyRuleEqual, policyRulesEqual } from './aggregation.js';
import { bootstrapClusterRoles } from './bootstrap/index.js';
import type { AggregationRule, ClusterRole, PolicyRule } from './rbac-types.js';

const viewLabel = 'rbac.authorization.k8s.io/aggregate-to-view';

function role(name: string, rules: PolicyRule[] | null, labels: Record<string, string> = {}, aggregationRule?: AggregationRule): ClusterRole {
  return { metadata: { name, labels }, rules, ...(aggregationRule ? { aggregationRule } : {}) };
}

const rule = (verb: string, resource: string, group = 'example.com'): PolicyRule => ({ verbs: [verb], apiGroups: [group], resources: [resource] });

/** The bootstrap roles with `extra` added (or replacing roles of the same name), aggregated to a fixed point. */
function aggregated(extra: ClusterRole[] = []): Map<string, ClusterRole> {
  const roles = new Map(bootstrapClusterRoles().map((r) => [r.metadata.name!, r]));
  for (const r of extra) roles.set(r.metadata.name!, r);
  for (const [name, rules] of aggregateAll(roles.values())) roles.set(name, { ...roles.get(name)!, rules });
  return roles;
}

const rulesOf = (roles: Map<string, ClusterRole>, name: string): PolicyRule[] => roles.get(name)?.rules ?? [];

describe('aggregateClusterRole', () => {
  it('returns null for a role without an aggregationRule', () => {
    expect(aggregateClusterRole(role('plain', [rule('get', 'a')]), [])).toBeNull();
  });

  it('gives view exactly the rules of system:aggregate-to-view', () => {
    const roles = bootstrapClusterRoles();
    const view = roles.find((r) => r.metadata.name === 'view')!;
    expect(aggregateClusterRole(view, roles)).toEqual(roles.find((r) => r.metadata.name === 'system:aggregate-to-view')!.rules);
  });

  it('orders the rules by the names of the matching roles, not by their order in the list', () => {
    const agg = role('agg', null, {}, { clusterRoleSelectors: [{ matchLabels: { pick: 'yes' } }] });
    const roles = [role('zeta', [rule('get', 'z')], { pick: 'yes' }), role('alpha', [rule('get', 'a')], { pick: 'yes' }), agg];
    expect(aggregateClusterRole(agg, roles)).toEqual([rule('get', 'a'), rule('get', 'z')]);
  });

  it("sorts names in Go's byte order (code points), not UTF-16 order", () => {
    const agg = role('agg', null, {}, { clusterRoleSelectors: [{ matchLabels: { pick: 'yes' } }] });
    const roles = [role('a\u{1F600}', [rule('get', 'emoji')], { pick: 'yes' }), role('a\uFF5E', [rule('get', 'tilde')], { pick: 'yes' })];
    expect(aggregateClusterRole(agg, roles)).toEqual([rule('get', 'tilde'), rule('get', 'emoji')]);
  });

  it('takes selectors in order, each sorted by name, and a role matched twice contributes once', () => {
    const agg = role('agg', null, {}, {
      clusterRoleSelectors: [{ matchLabels: { tier: 'second' } }, { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }],
    });
    const roles = [role('a-first', [rule('get', 'first')], { tier: 'first' }), role('b-second', [rule('get', 'second')], { tier: 'second' })];
    expect(aggregateClusterRole(agg, roles)).toEqual([rule('get', 'second'), rule('get', 'first')]);
  });

  it('keeps one copy of semantically equal rules (a missing list equals an empty one)', () => {
    const agg = role('agg', null, {}, { clusterRoleSelectors: [{ matchLabels: { pick: 'yes' } }] });
    const roles = [
      role('a', [rule('get', 'x'), rule('list', 'x')], { pick: 'yes' }),
      role('b', [{ ...rule('get', 'x'), resourceNames: [], nonResourceURLs: null } as unknown as PolicyRule, rule('watch', 'x')], { pick: 'yes' }),
    ];
    expect(aggregateClusterRole(agg, roles)).toEqual([rule('get', 'x'), rule('list', 'x'), rule('watch', 'x')]);
  });

  it('keeps rules that differ only in list order apart, as kube does', () => {
    const agg = role('agg', null, {}, { clusterRoleSelectors: [{ matchLabels: { pick: 'yes' } }] });
    const ab: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] };
    const ba: PolicyRule = { verbs: ['list', 'get'], apiGroups: [''], resources: ['pods'] };
    expect(aggregateClusterRole(agg, [role('a', [ab], { pick: 'yes' }), role('b', [ba], { pick: 'yes' })])).toEqual([ab, ba]);
  });

  it('never aggregates a role into itself', () => {
    const self = role('self', [rule('get', 'own')], { pick: 'yes' }, { clusterRoleSelectors: [{ matchLabels: { pick: 'yes' } }] });
    const other = role('other', [rule('get', 'other')], { pick: 'yes' });
    expect(aggregateClusterRole(self, [self, other])).toEqual([rule('get', 'other')]);
  });

  it('matches every other role with an empty selector, and nothing without selectors', () => {
    const all = role('all', null, {}, { clusterRoleSelectors: [{}] });
    const none = role('none', [rule('get', 'kept?')], {}, { clusterRoleSelectors: [] });
    const roles = [all, none, role('x', [rule('get', 'x')])];
    expect(aggregateClusterRole(all, roles)).toEqual([rule('get', 'kept?'), rule('get', 'x')]);
    expect(aggregateClusterRole(none, roles)).toEqual([]);
  });

  it('applies In, NotIn, Exists and DoesNotExist', () => {
    const roles = [
      role('blue', [rule('get', 'blue')], { color: 'blue', team: 'a' }),
      role('green', [rule('get', 'green')], { color: 'green' }),
      role('plain', [rule('get', 'plain')], {}),
    ];
    const sel = (key: string, operator: string, values?: string[]) =>
      aggregateClusterRole(role('agg', null, {}, { clusterRoleSelectors: [{ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] }] }), roles)!.map(
        (r) => r.resources![0],
      );
    expect(sel('color', 'In', ['blue', 'red'])).toEqual(['blue']);
    expect(sel('color', 'NotIn', ['blue'])).toEqual(['green', 'plain']);
    expect(sel('team', 'Exists')).toEqual(['blue']);
    expect(sel('color', 'DoesNotExist')).toEqual(['plain']);
  });

  it('ANDs matchLabels with matchExpressions inside one selector', () => {
    const roles = [role('a', [rule('get', 'a')], { x: '1', y: '1' }), role('b', [rule('get', 'b')], { x: '1' })];
    const agg = role('agg', null, {}, { clusterRoleSelectors: [{ matchLabels: { x: '1' }, matchExpressions: [{ key: 'y', operator: 'Exists' }] }] });
    expect(aggregateClusterRole(agg, roles)).toEqual([rule('get', 'a')]);
  });

  it('throws a 400 for an invalid selector', () => {
    const agg = role('agg', null, {}, { clusterRoleSelectors: [{ matchExpressions: [{ key: 'x', operator: 'In' }] }] });
    expect(() => aggregateClusterRole(agg, [])).toThrow(expect.objectContaining({ status: expect.objectContaining({ code: 400, reason: 'BadRequest' }) }));
  });

  it('returns copies, not the source rule objects', () => {
    const source = role('a', [rule('get', 'x')], { pick: 'yes' });
    const out = aggregateClusterRole(role('agg', null, {}, { clusterRoleSelectors: [{ matchLabels: { pick: 'yes' } }] }), [source])!;
    out[0]!.verbs.push('delete');
    expect(source.rules![0]!.verbs).toEqual(['get']);
  });
});

describe('aggregating the bootstrap policy', () => {
  const boot = new Map(bootstrapClusterRoles().map((r) => [r.metadata.name!, r.rules ?? []]));
  const aggEdit = boot.get('system:aggregate-to-edit')!;
  const aggView = boot.get('system:aggregate-to-view')!;
  const aggAdmin = boot.get('system:aggregate-to-admin')!;

  it('gives view the rules of system:aggregate-to-view', () => {
    expect(rulesOf(aggregated(), 'view')).toEqual(aggView);
  });

  it("gives edit system:aggregate-to-edit's rules, then view's (view is labelled aggregate-to-edit)", () => {
    expect(rulesOf(aggregated(), 'edit')).toEqual([...aggEdit, ...aggView]);
  });

  it("gives admin edit's rules, then system:aggregate-to-admin's (edit is labelled aggregate-to-admin)", () => {
    expect(rulesOf(aggregated(), 'admin')).toEqual([...aggEdit, ...aggView, ...aggAdmin]);
  });

  it('changes only admin, edit and view', () => {
    expect([...aggregateAll(bootstrapClusterRoles()).keys()]).toEqual(['admin', 'edit', 'view']);
  });

  it('is idempotent: aggregating the aggregated roles changes nothing', () => {
    expect(aggregateAll(aggregated().values()).size).toBe(0);
  });

  it('widens view, edit and admin at once when a ClusterRole labelled aggregate-to-view appears', () => {
    const crontabs = role('crontab-reader', [rule('get', 'crontabs', 'stable.example.com')], { [viewLabel]: 'true' });
    const roles = aggregated([crontabs]);
    // "crontab-reader" sorts before "system:aggregate-to-view"
    expect(rulesOf(roles, 'view')).toEqual([rule('get', 'crontabs', 'stable.example.com'), ...aggView]);
    expect(rulesOf(roles, 'edit')).toContainEqual(rule('get', 'crontabs', 'stable.example.com'));
    expect(rulesOf(roles, 'admin')).toContainEqual(rule('get', 'crontabs', 'stable.example.com'));
  });

  it('narrows view, edit and admin again when that label is removed', () => {
    const widened = aggregated([role('crontab-reader', [rule('get', 'crontabs')], { [viewLabel]: 'true' })]);
    widened.set('crontab-reader', role('crontab-reader', [rule('get', 'crontabs')], {}));
    const changes = aggregateAll(widened.values());
    expect([...changes.keys()]).toEqual(['admin', 'edit', 'view']);
    expect(changes.get('view')).toEqual(aggView);
    expect(changes.get('edit')).toEqual([...aggEdit, ...aggView]);
  });

  it('leaves a role with an invalid selector as it is and reports it', () => {
    const bad = role('bad', [rule('get', 'kept')], {}, { clusterRoleSelectors: [{ matchExpressions: [{ key: 'x', operator: 'Sometimes' }] }] });
    const errors: string[] = [];
    const changes = aggregateAll([...bootstrapClusterRoles(), bad], { onError: (name) => errors.push(name) });
    expect(errors).toEqual(['bad']);
    expect(changes.has('bad')).toBe(false);
    expect(changes.has('view')).toBe(true);
  });
});

describe('policyRuleEqual', () => {
  it('treats null, undefined and [] alike and compares lists element for element', () => {
    expect(policyRuleEqual({ verbs: ['get'], resourceNames: [] }, { verbs: ['get'] })).toBe(true);
    expect(policyRuleEqual({ verbs: ['get'], apiGroups: [''] }, { verbs: ['get'] })).toBe(false);
    expect(policyRulesEqual(null, [])).toBe(true);
    expect(policyRulesEqual([rule('get', 'a')], [rule('get', 'b')])).toBe(false);
  });
});
