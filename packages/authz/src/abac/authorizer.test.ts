/**
 * kube's pkg/auth/authorizer/abac/abac_test.go, case for case: TestAuthorizeV0,
 * TestAuthorizeV1beta1, TestRulesFor, TestSubjectMatches and TestPolicy.
 */
import type { DecisionKind } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { abacAuthorizer, abacPolicyMatches } from './authorizer.js';
import { abacPolicyFromObject, parseAbacPolicyFile } from './policy.js';
import { type Case, anonymous, attrs, authed } from './testdata/attributes.js';

type Row = Omit<Case, 'user'> & { want: DecisionKind };

const alice = authed('alice');
const chuck = authed('chuck');

function run(policyText: string, rows: Array<[string, Row]>) {
  const abac = abacAuthorizer(parseAbacPolicyFile(policyText));
  const users: Record<string, ReturnType<typeof authed>> = {};
  it.each(rows)('%s %j', async (name, row) => {
    const user = (users[name] ??= authed(name));
    expect((await abac.authorize(attrs({ ...row, user }))).decision).toBe(row.want);
  });
}

const common: Array<[string, Row]> = [
  // Scheduler can read pods, not write them; it can write bindings.
  ['scheduler', { verb: 'list', resource: 'pods', ns: 'ns1', want: 'Allow' }],
  ['scheduler', { verb: 'list', resource: 'pods', ns: '', want: 'Allow' }],
  ['scheduler', { verb: 'create', resource: 'pods', ns: 'ns1', want: 'NoOpinion' }],
  ['scheduler', { verb: 'create', resource: 'pods', ns: '', want: 'NoOpinion' }],
  ['scheduler', { verb: 'get', resource: 'bindings', ns: 'ns1', want: 'Allow' }],
  ['scheduler', { verb: 'get', resource: 'bindings', ns: '', want: 'Allow' }],
  // Alice can read and write anything in the right namespace...
  ['alice', { verb: 'get', resource: 'pods', ns: 'projectCaribou', want: 'Allow' }],
  ['alice', { verb: 'get', resource: 'widgets', ns: 'projectCaribou', want: 'Allow' }],
  ['alice', { verb: 'get', resource: '', ns: 'projectCaribou', want: 'Allow' }],
  ['alice', { verb: 'update', resource: 'pods', ns: 'projectCaribou', want: 'Allow' }],
  ['alice', { verb: 'update', resource: 'widgets', ns: 'projectCaribou', want: 'Allow' }],
  ['alice', { verb: 'update', resource: '', ns: 'projectCaribou', want: 'Allow' }],
  // ...but not in the wrong one.
  ['alice', { verb: 'get', resource: 'pods', ns: 'ns1', want: 'NoOpinion' }],
  ['alice', { verb: 'get', resource: 'widgets', ns: 'ns1', want: 'NoOpinion' }],
  ['alice', { verb: 'get', resource: '', ns: 'ns1', want: 'NoOpinion' }],
  // Chuck can read events, since anyone can, and nothing else.
  ['chuck', { verb: 'get', resource: 'events', ns: 'ns1', want: 'Allow' }],
  ['chuck', { verb: 'get', resource: 'events', ns: '', want: 'Allow' }],
  ['chuck', { verb: 'update', resource: 'events', ns: 'ns1', want: 'NoOpinion' }],
  ['chuck', { verb: 'get', resource: 'pods', ns: 'ns1', want: 'NoOpinion' }],
  ['chuck', { verb: 'get', resource: 'floop', ns: 'ns1', want: 'NoOpinion' }],
  ['chuck', { verb: 'get', path: '/', resource: '', ns: '', want: 'NoOpinion' }],
];

describe('the unversioned (v0) policy form (TestAuthorizeV0)', () => {
  run(
    `{                    "readonly": true, "resource": "events"   }
{"user":"scheduler", "readonly": true, "resource": "pods"     }
{"user":"scheduler",                   "resource": "bindings" }
{"user":"kubelet",   "readonly": true, "resource": "bindings" }
{"user":"kubelet",                     "resource": "events"   }
{"user":"alice",                                              "namespace": "projectCaribou"}
{"user":"bob",       "readonly": true,                        "namespace": "projectCaribou"}
`,
    [...common, ['alice', { verb: 'update', resource: 'foo', ns: 'projectCaribou', apiGroup: 'bar', want: 'Allow' }]],
  );
});

const v1 = (spec: object) => `{"apiVersion":"abac.authorization.kubernetes.io/v1beta1","kind":"Policy","spec":${JSON.stringify(spec)}}`;

describe('the v1beta1 policy form (TestAuthorizeV1beta1)', () => {
  run(
    [
      '',
      '  # Comment line, after a blank line',
      v1({ user: '*', readonly: true, nonResourcePath: '/api' }),
      v1({ user: '*', nonResourcePath: '/custom' }),
      v1({ user: '*', nonResourcePath: '/root/*' }),
      v1({ user: 'noresource', nonResourcePath: '*' }),
      v1({ user: '*', readonly: true, resource: 'events', namespace: '*' }),
      v1({ user: 'scheduler', readonly: true, resource: 'pods', namespace: '*' }),
      v1({ user: 'scheduler', resource: 'bindings', namespace: '*' }),
      v1({ user: 'kubelet', readonly: true, resource: 'bindings', namespace: '*' }),
      v1({ user: 'kubelet', resource: 'events', namespace: '*' }),
      v1({ user: 'alice', resource: '*', namespace: 'projectCaribou' }),
      v1({ user: 'bob', readonly: true, resource: '*', namespace: 'projectCaribou' }),
      v1({ user: 'debbie', resource: 'pods', namespace: 'projectCaribou' }),
      v1({ user: 'apigroupuser', resource: '*', namespace: 'projectAnyGroup', apiGroup: '*' }),
      v1({ user: 'apigroupuser', resource: '*', namespace: 'projectEmptyGroup', apiGroup: '' }),
      v1({ user: 'apigroupuser', resource: '*', namespace: 'projectXGroup', apiGroup: 'x' }),
    ].join('\n'),
    [
      ...common,
      // Debbie can write to pods in the right namespace.
      ['debbie', { verb: 'update', resource: 'pods', ns: 'projectCaribou', want: 'Allow' }],
      // Chuck can read /api but not write it, write /custom, and read under /root/ but not /root.
      ['chuck', { verb: 'get', path: '/api', want: 'Allow' }],
      ['chuck', { verb: 'create', path: '/api', want: 'NoOpinion' }],
      ['chuck', { verb: 'update', path: '/custom', want: 'Allow' }],
      ['chuck', { verb: 'get', path: '/root', want: 'NoOpinion' }],
      ['chuck', { verb: 'get', path: '/root/', want: 'Allow' }],
      ['chuck', { verb: 'get', path: '/root/test/1/2/3', want: 'Allow' }],
      // "noresource" can get any non-resource path, and no resource request.
      ['noresource', { verb: 'get', path: '', want: 'Allow' }],
      ['noresource', { verb: 'get', path: '/', want: 'Allow' }],
      ['noresource', { verb: 'get', path: '/foo/bar/baz', want: 'Allow' }],
      ['noresource', { verb: 'get', path: '/', ns: 'bar', want: 'NoOpinion' }],
      ['noresource', { verb: 'get', path: '/foo/bar/baz', resource: 'foo', ns: 'bar', want: 'NoOpinion' }],
      // apiGroup: * matches every group, "" only the core group, x only x.
      ['apigroupuser', { verb: 'get', apiGroup: 'x', resource: 'foo', ns: 'projectAnyGroup', want: 'Allow' }],
      ['apigroupuser', { verb: 'get', apiGroup: 'x', resource: 'foo', ns: 'projectEmptyGroup', want: 'NoOpinion' }],
      ['apigroupuser', { verb: 'get', apiGroup: 'x', resource: 'foo', ns: 'projectXGroup', want: 'Allow' }],
    ],
  );
});

describe('abacAuthorizer', () => {
  it('never denies: no match is NoOpinion with "No policy matched.", a match is Allow without reason', async () => {
    const abac = abacAuthorizer([{ user: 'alice', namespace: '*', resource: '*', apiGroup: '*', readonly: true }]);
    expect(await abac.authorize(attrs({ user: alice, verb: 'get', resource: 'configmaps', ns: 'default' }))).toEqual({ decision: 'Allow', reason: '' });
    expect(await abac.authorize(attrs({ user: alice, verb: 'create', resource: 'configmaps', ns: 'default' }))).toEqual({
      decision: 'NoOpinion',
      reason: 'No policy matched.',
    });
  });

  it('matches a subresource request by its resource', async () => {
    const abac = abacAuthorizer([{ user: 'alice', namespace: 'dev', resource: 'pods', apiGroup: '' }]);
    const a = { ...attrs({ user: alice, verb: 'get', resource: 'pods', ns: 'dev' }), subresource: 'log' };
    expect((await abac.authorize(a)).decision).toBe('Allow');
  });

  it('takes v1beta1 objects and plain specs, with a * user for authenticated users only', async () => {
    const abac = abacAuthorizer([{ apiVersion: 'abac.authorization.kubernetes.io/v1beta1', kind: 'Policy', spec: { user: '*', nonResourcePath: '/healthz' } }]);
    expect((await abac.authorize(attrs({ user: chuck, verb: 'get', path: '/healthz' }))).decision).toBe('Allow');
    expect((await abac.authorize(attrs({ user: anonymous, verb: 'get', path: '/healthz' }))).decision).toBe('NoOpinion');
  });
});

describe('rulesFor (TestRulesFor)', () => {
  const abac = abacAuthorizer(
    parseAbacPolicyFile(`
{                    "readonly": true, "resource": "events"   }
{"user":"scheduler", "readonly": true, "resource": "pods"     }
{"user":"scheduler",                   "resource": "bindings" }
{"user":"kubelet",   "readonly": true, "resource": "pods"     }
{"user":"kubelet",                     "resource": "events"   }
{"user":"alice",                                              "namespace": "projectCaribou"}
{"user":"bob",       "readonly": true,                        "namespace": "projectCaribou"}
{"user":"bob",       "readonly": true,                                                     "nonResourcePath": "*"}
{"group":"a",                          "resource": "bindings" }
{"group":"b",        "readonly": true,                                                     "nonResourcePath": "*"}
`),
  );
  const ro = ['get', 'list', 'watch'];
  const rule = (verbs: string[], resource: string) => ({ verbs, apiGroups: ['*'], resources: [resource] });
  const nonResource = { verbs: ro, nonResourceURLs: ['*'] };

  it.each([
    ['scheduler', authed('scheduler'), 'ns1', [rule(ro, 'events'), rule(ro, 'pods'), rule(['*'], 'bindings')], []],
    ['kubelet', { name: 'kubelet', groups: ['a', 'b'] }, 'ns1', [rule(ro, 'pods'), rule(['*'], 'events'), rule(['*'], 'bindings'), rule(ro, '*')], [nonResource]],
    ['alice', alice, 'projectCaribou', [rule(ro, 'events'), rule(['*'], '*')], []],
    ['bob', authed('bob'), 'projectCaribou', [rule(ro, 'events'), rule(ro, '*'), rule(ro, '*')], [nonResource]],
    ['chuck', { name: 'chuck', groups: ['a', 'b'] }, 'ns1', [rule(['*'], 'bindings'), rule(ro, '*')], [nonResource]],
  ])('lists the rules of %s', (_n, user, ns, resourceRules, nonResourceRules) => {
    const { rules, errors } = abac.rulesFor(user, ns);
    expect(errors).toEqual([]);
    expect(rules.filter((r) => r.resources)).toEqual(resourceRules);
    expect(rules.filter((r) => r.nonResourceURLs)).toEqual(nonResourceRules);
  });
});

describe('subject matching (TestSubjectMatches)', () => {
  const v0 = (user: string, group: string) => ({ user, group });
  const v1b = (user: string, group: string) => ({ apiVersion: 'abac.authorization.kubernetes.io/v1beta1', kind: 'Policy', spec: { user, group } });
  const abc = authed('Foo', 'A', 'B', 'C');
  const cases: Array<[string, (u: string, g: string) => object, string, string, ReturnType<typeof authed>, boolean]> = [];
  for (const [form, make] of [
    ['v0', v0],
    ['v1', v1b],
  ] as const) {
    cases.push(
      [`${form} empty policy vs unauthed user`, make, '', '', anonymous, false],
      [`${form} * user policy vs unauthed user`, make, '*', '', anonymous, false],
      [`${form} * group policy vs unauthed user`, make, '', '*', anonymous, false],
      [`${form} empty policy vs authed user`, make, '', '', authed('Foo'), form === 'v0'],
      [`${form} empty policy vs authed user with groups`, make, '', '', authed('Foo', 'a', 'b'), form === 'v0'],
      [`${form} user policy vs unauthed user`, make, 'Foo', '', anonymous, false],
      [`${form} user policy vs different user`, make, 'Foo', '', authed('Bar'), false],
      [`${form} user policy is case-sensitive`, make, 'Foo', '', authed('foo'), false],
      [`${form} user policy vs substring`, make, 'Foo', '', authed('FooBar'), false],
      [`${form} user policy vs username`, make, 'Foo', '', authed('Foo'), true],
      [`${form} group policy vs unauthed user`, make, '', 'Foo', anonymous, false],
      [`${form} group policy vs user in a different group`, make, '', 'A', authed('FooBar', 'B'), false],
      [`${form} group policy is case-sensitive`, make, '', 'b', abc, false],
      [`${form} group policy vs substring`, make, '', 'B', authed('Foo', 'A', 'BBB', 'C'), false],
      [`${form} group policy vs user in group`, make, '', 'B', abc, true],
      [`${form} user and group policy requires the user`, make, 'Foo', 'B', authed('Bar', 'A', 'B', 'C'), false],
      [`${form} user and group policy requires the group`, make, 'Foo', 'D', abc, false],
      [`${form} user and group policy matching both`, make, 'Foo', 'B', abc, true],
    );
  }
  it.each(cases)('%s', (_name, make, user, group, who, want) => {
    const policy = abacPolicyFromObject(make(user, group));
    // A non-resource request the policy's other fields always cover when the subject matches.
    const spec = { ...policy.spec, nonResourcePath: '*' };
    expect(abacPolicyMatches(spec, attrs({ user: who, verb: 'get', path: '/x' }))).toBe(want);
  });
});

describe('single policies (TestPolicy)', () => {
  const foo = authed('foo');
  const v1b = (spec: object) => abacPolicyFromObject({ apiVersion: 'abac.authorization.kubernetes.io/v1beta1', kind: 'Policy', spec });
  const v0 = (o: object) => abacPolicyFromObject(o);
  it.each([
    ['v0 read-only mismatch', v0({ readonly: true }), { user: foo, verb: 'create' }, false],
    ['v0 user name mismatch', v0({ user: 'foo' }), { user: authed('bar') }, false],
    ['v0 resource mismatch', v0({ resource: 'foo' }), { user: foo, resource: 'bar', resourceRequest: true }, false],
    ['v0 namespace match', v0({ user: 'foo', resource: 'foo', namespace: 'foo' }), { user: foo, resource: 'foo', ns: 'foo' }, true],
    ['v0 null resource', v0({}), { user: foo, resourceRequest: true }, true],
    ['v0 read-only match', v0({ readonly: true }), { user: foo, verb: 'get' }, true],
    ['v0 user name match', v0({ user: 'foo' }), { user: foo }, true],
    ['v0 resource match', v0({ resource: 'foo' }), { user: foo, resource: 'foo', resourceRequest: true }, true],
    ['v1 null', v1b({}), { user: foo, resourceRequest: true }, false],
    ['v1 user name mismatch', v1b({ user: 'foo' }), { user: authed('bar'), resourceRequest: true }, false],
    ['v1 read-only mismatch', v1b({ user: '*', readonly: true }), { user: foo, resourceRequest: true }, false],
    ['v1 resource mismatch', v1b({ user: '*', resource: 'foo' }), { user: foo, resource: 'bar', resourceRequest: true }, false],
    ['v1 namespace mismatch', v1b({ user: 'foo', namespace: 'barr', resource: 'baz' }), { user: foo, ns: 'bar', resource: 'baz' }, false],
    ['v1 non-resource mismatch', v1b({ user: '*', nonResourcePath: '/api' }), { user: foo, path: '/api2', resourceRequest: false }, false],
    ['v1 non-resource wildcard subpath mismatch', v1b({ user: '*', nonResourcePath: '/api/*' }), { user: foo, path: '/api2/foo', resourceRequest: false }, false],
    ['v1 user match', v1b({ user: 'foo' }), { user: foo, resourceRequest: true }, true],
    ['v1 user wildcard match', v1b({ user: '*' }), { user: foo, resourceRequest: true }, true],
    ['v1 group match', v1b({ group: 'bar' }), { user: authed('foo', 'bar'), resourceRequest: true }, true],
    ['v1 group wildcard match', v1b({ group: '*' }), { user: authed('foo', 'bar'), resourceRequest: true }, true],
    ['v1 read-only match', v1b({ user: '*', readonly: true }), { user: foo, verb: 'get', resourceRequest: true }, true],
    ['v1 resource match', v1b({ user: '*', resource: 'foo' }), { user: foo, resource: 'foo', resourceRequest: true }, true],
    ['v1 namespace match', v1b({ user: 'foo', namespace: 'bar', resource: 'baz' }), { user: foo, ns: 'bar', resource: 'baz' }, true],
    ['v1 non-resource match', v1b({ user: '*', nonResourcePath: '/api' }), { user: foo, path: '/api', resourceRequest: false }, true],
    ['v1 non-resource wildcard match', v1b({ user: '*', nonResourcePath: '*' }), { user: foo, path: '/api', resourceRequest: false }, true],
    ['v1 non-resource wildcard subpath match', v1b({ user: '*', nonResourcePath: '/api/*' }), { user: foo, path: '/api/foo', resourceRequest: false }, true],
  ] as Array<[string, ReturnType<typeof v0>, Case, boolean]>)('%s', (_name, policy, c, want) => {
    expect(abacPolicyMatches(policy, attrs(c))).toBe(want);
  });
});
