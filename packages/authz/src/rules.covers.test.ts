import { describe, expect, it } from 'vitest';
import type { PolicyRule } from './rbac-types.js';
import { breakdownRule, compactRules, compactString, covers, nonResourceURLCovers } from './rules.js';

// kube's component-helpers auth/rbac/validation policy_comparator_test.go.
const coverCases: Array<{ name: string; owner: PolicyRule[]; servant: PolicyRule[]; missing: PolicyRule[] }> = [
  {
    name: 'exact match',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'] }],
    missing: [],
  },
  {
    name: 'subresource wildcard',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['*/scale'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['foo/scale'] }],
    missing: [],
  },
  {
    name: 'multiple rules covering a single rule',
    owner: [
      { apiGroups: ['v1'], verbs: ['delete'], resources: ['deployments'] },
      { apiGroups: ['v1'], verbs: ['delete'], resources: ['builds'] },
      { apiGroups: ['v1'], verbs: ['update'], resources: ['builds', 'deployments'] },
    ],
    servant: [{ apiGroups: ['v1'], verbs: ['delete', 'update'], resources: ['builds', 'deployments'] }],
    missing: [],
  },
  {
    name: 'multiple API groups covering a single rule',
    owner: ['group1', 'group2'].flatMap((g) => [
      { apiGroups: [g], verbs: ['delete'], resources: ['deployments'] },
      { apiGroups: [g], verbs: ['delete'], resources: ['builds'] },
      { apiGroups: [g], verbs: ['update'], resources: ['builds', 'deployments'] },
    ]),
    servant: [{ apiGroups: ['group1', 'group2'], verbs: ['delete', 'update'], resources: ['builds', 'deployments'] }],
    missing: [],
  },
  {
    name: 'single rule covering multiple',
    owner: [{ apiGroups: ['group1', 'group2'], verbs: ['delete', 'update'], resources: ['builds', 'deployments'] }],
    servant: [
      { apiGroups: ['group1'], verbs: ['delete'], resources: ['deployments'] },
      { apiGroups: ['group2'], verbs: ['update'], resources: ['builds', 'deployments'] },
    ],
    missing: [],
  },
  {
    name: 'missing a single verb/resource combination',
    owner: [
      { apiGroups: ['v1'], verbs: ['delete', 'update'], resources: ['builds', 'deployments'] },
      { apiGroups: ['v1'], verbs: ['delete'], resources: ['pods'] },
    ],
    servant: [{ apiGroups: ['v1'], verbs: ['delete', 'update'], resources: ['builds', 'deployments', 'pods'] }],
    missing: [{ apiGroups: ['v1'], verbs: ['update'], resources: ['pods'] }],
  },
  {
    name: 'api group star covers enumerations',
    owner: [{ apiGroups: ['*'], verbs: ['get'], resources: ['roles'] }],
    servant: [{ apiGroups: ['group1', 'group2'], verbs: ['get'], resources: ['roles'] }],
    missing: [],
  },
  {
    name: 'an enumeration does not cover an api group star',
    owner: [{ apiGroups: ['dummy-group'], verbs: ['get'], resources: ['roles'] }],
    servant: [{ apiGroups: ['*'], verbs: ['get'], resources: ['roles'] }],
    missing: [{ apiGroups: ['*'], verbs: ['get'], resources: ['roles'] }],
  },
  {
    name: 'verb star covers enumerations and star',
    owner: [{ apiGroups: ['v1'], verbs: ['*'], resources: ['roles'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['watch', 'list', '*'], resources: ['roles'] }],
    missing: [],
  },
  {
    name: 'an enumeration does not cover a verb star',
    owner: [{ apiGroups: ['v1'], verbs: ['get', 'list', 'watch', 'create', 'update', 'delete', 'exec'], resources: ['roles'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['*'], resources: ['roles'] }],
    missing: [{ apiGroups: ['v1'], verbs: ['*'], resources: ['roles'] }],
  },
  {
    name: 'resource star covers anything',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['*'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['resourcegroup:deployments', '*', 'pods/log'] }],
    missing: [],
  },
  {
    name: 'an enumeration does not cover a resource star',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['roles', 'resourcegroup:deployments'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['*'] }],
    missing: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['*'] }],
  },
  {
    name: 'a plain resource does not cover its subresource',
    owner: [{ apiGroups: [''], verbs: ['get'], resources: ['pods'] }],
    servant: [{ apiGroups: [''], verbs: ['get'], resources: ['pods/log'] }],
    missing: [{ apiGroups: [''], verbs: ['get'], resources: ['pods/log'] }],
  },
  {
    name: 'no resource names covers any names',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'], resourceNames: [] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'], resourceNames: ['foo', 'bar'] }],
    missing: [],
  },
  {
    name: 'named resources do not cover all names',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'], resourceNames: ['foo', 'bar'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'], resourceNames: [] }],
    missing: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'] }],
  },
  {
    name: 'non-resource URLs',
    owner: [{ nonResourceURLs: ['/apis'], verbs: ['*'] }],
    servant: [{ nonResourceURLs: ['/apis'], verbs: ['*'] }],
    missing: [],
  },
  {
    name: 'non-resource URL star',
    owner: [{ nonResourceURLs: ['*'], verbs: ['*'] }],
    servant: [{ nonResourceURLs: ['/apis', '/apis/v1', '/'], verbs: ['*'] }],
    missing: [],
  },
  {
    name: 'a star after a prefix does not cover the prefix itself',
    owner: [{ nonResourceURLs: ['/apis/*'], verbs: ['*'] }],
    servant: [{ nonResourceURLs: ['/apis', '/apis/v1'], verbs: ['get'] }],
    missing: [{ nonResourceURLs: ['/apis'], verbs: ['get'] }],
  },
  {
    name: 'a star after a prefix covers what is below it',
    owner: [{ nonResourceURLs: ['/apis/*'], verbs: ['*'] }],
    servant: [{ nonResourceURLs: ['/apis/v1/foo', '/apis/v1'], verbs: ['get'] }],
    missing: [],
  },
  {
    name: 'non-resource URLs together with other fields',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'], nonResourceURLs: ['/apis'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'], nonResourceURLs: ['/apis'] }],
    missing: [],
  },
  {
    name: 'non-resource URLs missing beside covered resources',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'], nonResourceURLs: ['/apis'] }],
    missing: [{ nonResourceURLs: ['/apis'], verbs: ['get'] }],
  },
];

describe('covers', () => {
  for (const c of coverCases) {
    it(c.name, () => {
      const result = covers(c.owner, c.servant);
      expect(result.covered).toBe(c.missing.length === 0);
      expect(result.missing).toEqual(c.missing);
    });
  }

  it('nonResourceURLCovers follows kube', () => {
    const table: Array<[string, string, boolean]> = [
      ['*', '', true],
      ['*', '/', true],
      ['*', '/api', true],
      ['/*', '', false],
      ['/*', '/', true],
      ['/*', '/foo', true],
      ['/api', '/api', true],
      ['/apis', '/api', false],
      ['/api/v1', '/api', false],
      ['/api/v1', '/api/v1', true],
      ['/api/*', '/api/v1', true],
      ['/api/*', '/api', false],
      ['/api/*/*', '/api/v1', false],
      ['/*/v1/*', '/api/v1', false],
    ];
    for (const [owner, requested, want] of table)
      expect({ owner, requested, covers: nonResourceURLCovers(owner, requested) }).toEqual({ owner, requested, covers: want });
  });

  it('breaks a rule down to one group, resource, verb and name each', () => {
    expect(breakdownRule({ apiGroups: ['', 'apps'], resources: ['pods'], verbs: ['get', 'list'], resourceNames: ['a'] })).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'], resourceNames: ['a'] },
      { apiGroups: ['apps'], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] },
      { apiGroups: ['apps'], resources: ['pods'], verbs: ['list'], resourceNames: ['a'] },
    ]);
  });
});

describe('compactRules and compactString', () => {
  it('merges single group/resource rules that differ by verb only', () => {
    const compact = compactRules([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['x'] },
      { nonResourceURLs: ['/x'], verbs: ['get'] },
    ]);
    expect(compact).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['x'] },
      { nonResourceURLs: ['/x'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
    ]);
  });

  it('prints rules as kube escalation messages do', () => {
    expect(compactString({ apiGroups: [''], resources: ['pods'], resourceNames: ['a'], verbs: ['get', 'list'] })).toBe(
      '{APIGroups:[""], Resources:["pods"], ResourceNames:["a"], Verbs:["get" "list"]}',
    );
    expect(compactString({ nonResourceURLs: ['/healthz'], verbs: ['get'] })).toBe('{NonResourceURLs:["/healthz"], Verbs:["get"]}');
  });
});
