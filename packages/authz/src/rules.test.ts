import { describe, expect, it } from 'vitest';
import type { PolicyRule } from './rbac-types.js';
import { type RuleAttributes, ruleAllows, rulesAllow } from './rules.js';

function res(verb: string, group: string, resource: string, subresource = '', name = ''): RuleAttributes {
  return { isResourceRequest: true, verb, apiGroup: group, resource, subresource, name, path: '' };
}

function nonRes(verb: string, path: string): RuleAttributes {
  return { isResourceRequest: false, verb, apiGroup: '', resource: '', subresource: '', name: '', path };
}

type Case = [RuleAttributes, boolean];

// kube's plugin/pkg/auth/authorizer/rbac TestRuleMatches, plus subresource and resourceNames cases.
const table: Array<{ name: string; rule: PolicyRule; cases: Case[] }> = [
  {
    name: 'star verb, exact match other',
    rule: { verbs: ['*'], apiGroups: ['group1'], resources: ['resource1'] },
    cases: [
      [res('verb1', 'group1', 'resource1'), true],
      [res('verb1', 'group2', 'resource1'), false],
      [res('verb1', 'group1', 'resource2'), false],
      [res('verb2', 'group1', 'resource1'), true],
      [res('verb2', 'group2', 'resource2'), false],
    ],
  },
  {
    name: 'star group, exact match other',
    rule: { verbs: ['verb1'], apiGroups: ['*'], resources: ['resource1'] },
    cases: [
      [res('verb1', 'group1', 'resource1'), true],
      [res('verb1', 'group2', 'resource1'), true],
      [res('verb1', 'group1', 'resource2'), false],
      [res('verb2', 'group1', 'resource1'), false],
    ],
  },
  {
    name: 'star resource, exact match other',
    rule: { verbs: ['verb1'], apiGroups: ['group1'], resources: ['*'] },
    cases: [
      [res('verb1', 'group1', 'resource1'), true],
      [res('verb1', 'group2', 'resource1'), false],
      [res('verb1', 'group1', 'resource2'), true],
      [res('verb2', 'group1', 'resource1'), false],
    ],
  },
  {
    name: 'tuple expansion',
    rule: { verbs: ['verb1', 'verb2'], apiGroups: ['group1', 'group2'], resources: ['resource1', 'resource2'] },
    cases: [
      [res('verb1', 'group1', 'resource1'), true],
      [res('verb1', 'group2', 'resource2'), true],
      [res('verb2', 'group1', 'resource2'), true],
      [res('verb2', 'group2', 'resource1'), true],
      [res('verb3', 'group1', 'resource1'), false],
    ],
  },
  {
    name: 'subresource expansion',
    rule: { verbs: ['*'], apiGroups: ['*'], resources: ['resource1/subresource1'] },
    cases: [
      [res('verb1', 'group1', 'resource1', 'subresource1'), true],
      [res('verb1', 'group2', 'resource1', 'subresource2'), false],
      [res('verb1', 'group1', 'resource2', 'subresource1'), false],
      [res('verb2', 'group1', 'resource1', 'subresource1'), true],
      [res('verb1', 'group1', 'resource1'), false],
    ],
  },
  {
    name: 'a plain resource does not cover its subresources',
    rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
    cases: [
      [res('get', '', 'pods'), true],
      [res('get', '', 'pods', 'log'), false],
      [res('get', '', 'pods', 'status'), false],
    ],
  },
  {
    name: 'star covers every resource and subresource',
    rule: { verbs: ['get'], apiGroups: [''], resources: ['*'] },
    cases: [
      [res('get', '', 'pods', 'log'), true],
      [res('get', '', 'deployments', 'scale'), true],
    ],
  },
  {
    name: 'star-slash-subresource covers that subresource of any resource only',
    rule: { verbs: ['update'], apiGroups: ['*'], resources: ['*/scale'] },
    cases: [
      [res('update', 'apps', 'deployments', 'scale'), true],
      [res('update', '', 'replicationcontrollers', 'scale'), true],
      [res('update', 'apps', 'deployments'), false],
      [res('update', 'apps', 'deployments', 'status'), false],
      [res('update', 'apps', 'deployments', 'rescale'), false],
    ],
  },
  {
    name: 'resource-slash-star is not a wildcard',
    rule: { verbs: ['get'], apiGroups: [''], resources: ['pods/*'] },
    cases: [
      [res('get', '', 'pods', 'log'), false],
      [res('get', '', 'pods'), false],
    ],
  },
  {
    name: 'resourceNames restrict to the named objects, so nameless list/watch/create never match',
    rule: { verbs: ['get', 'list', 'watch', 'create'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['app'] },
    cases: [
      [res('get', '', 'configmaps', '', 'app'), true],
      [res('get', '', 'configmaps', '', 'other'), false],
      [res('list', '', 'configmaps'), false],
      [res('watch', '', 'configmaps'), false],
      [res('list', '', 'configmaps', '', 'app'), true],
      [res('watch', '', 'configmaps', '', 'app'), true],
      [res('create', '', 'configmaps'), false],
    ],
  },
  {
    name: 'resource rules never match non-resource requests',
    rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    cases: [[nonRes('get', '/healthz'), false]],
  },
  {
    name: 'star nonresource',
    rule: { verbs: ['verb1'], nonResourceURLs: ['*'] },
    cases: [
      [nonRes('verb1', '/foo'), true],
      [nonRes('verb1', '/foo/bar/one'), true],
      [nonRes('verb2', '/foo'), false],
      [res('verb1', '', 'pods'), false],
    ],
  },
  {
    name: 'star nonresource subpath',
    rule: { verbs: ['verb1'], nonResourceURLs: ['/foo/*'] },
    cases: [
      [nonRes('verb1', '/foo'), false],
      [nonRes('verb1', '/foo/bar'), true],
      [nonRes('verb1', '/foo/baz/one'), true],
      [nonRes('verb1', '/notfoo'), false],
      [nonRes('verb1', '/notfoo/bar'), false],
    ],
  },
  {
    name: 'star verb, exact nonresource',
    rule: { verbs: ['*'], nonResourceURLs: ['/foo', '/foo/bar/one'] },
    cases: [
      [nonRes('verb1', '/foo'), true],
      [nonRes('verb1', '/foo/bar'), false],
      [nonRes('verb2', '/foo/bar/one'), true],
      [nonRes('verb2', '/foo/baz/one'), false],
    ],
  },
  {
    name: 'a prefix without a slash before the star matches longer names too',
    rule: { verbs: ['get'], nonResourceURLs: ['/healthz*'] },
    cases: [
      [nonRes('get', '/healthz'), true],
      [nonRes('get', '/healthz/etcd'), true],
      [nonRes('get', '/healthzzz'), true],
    ],
  },
];

describe('ruleAllows', () => {
  for (const { name, rule, cases } of table) {
    it(name, () => {
      for (const [attrs, want] of cases) expect({ attrs, allowed: ruleAllows(attrs, rule) }).toEqual({ attrs, allowed: want });
    });
  }

  it('treats null fields as empty, as Go decodes them', () => {
    const rule = { verbs: ['get'], apiGroups: null, resources: null } as unknown as PolicyRule;
    expect(ruleAllows(res('get', '', 'pods'), rule)).toBe(false);
  });

  it('rulesAllow is true when any rule allows', () => {
    const rules = [
      { verbs: ['get'], apiGroups: [''], resources: ['secrets'] },
      { verbs: ['get'], apiGroups: [''], resources: ['pods'] },
    ];
    expect(rulesAllow(res('get', '', 'pods'), rules)).toBe(true);
    expect(rulesAllow(res('list', '', 'pods'), rules)).toBe(false);
  });
});
