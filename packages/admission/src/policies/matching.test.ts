import { describe, expect, it } from 'vitest';
import type { AdmissionAttributes, StatusError } from '@apiserver-kit/core';
import { admissionAttributes } from '../testing/index.js';
import { defaultMatchResources } from './defaults.js';
import { type MatchContext, matchResources } from './matching.js';
import { deployment, namespace } from './testdata/fixtures.js';
import type { MatchResources, NamedRuleWithOperations } from './types.js';

const namespaces = new Map([
  ['default', namespace('default', { env: 'prod' })],
  ['dev', namespace('dev', { env: 'dev' })],
]);
const ctx: MatchContext = { getNamespace: (n) => namespaces.get(n) };

const rule = (resources: string[], more: Partial<NamedRuleWithOperations> = {}): NamedRuleWithOperations => ({
  apiGroups: ['apps'],
  apiVersions: ['v1'],
  operations: ['CREATE'],
  resources,
  ...more,
});

function mr(fields: MatchResources): MatchResources {
  const out = structuredClone(fields);
  defaultMatchResources(out);
  return out;
}

const create = (more: Partial<AdmissionAttributes> = {}) => admissionAttributes({ object: deployment(1), ...more });
const status = (more: Partial<AdmissionAttributes>) => create({ subresource: 'status', operation: 'UPDATE', oldObject: deployment(1), ...more });

describe('matchResources: resource rules', () => {
  it.each([
    ['deployments', create(), true],
    ['*', create(), true],
    ['*', status({}), false],
    ['*/status', status({}), true],
    ['*/status', create(), false],
    ['deployments/status', status({}), true],
    ['deployments/*', status({}), true],
    ['deployments/*', create(), true],
    ['pods', create(), false],
  ])('rule resource %s against %# is %s', async (resource, attrs, want) => {
    const r = rule([resource], { operations: ['*'] });
    expect(!!(await matchResources(mr({ resourceRules: [r] }), attrs, ctx))).toBe(want);
  });

  it.each([
    [{ operations: ['UPDATE'] }, false],
    [{ operations: ['*'] }, true],
    [{ apiGroups: [''] }, false],
    [{ apiGroups: ['*'] }, true],
    [{ apiVersions: ['v1beta1'] }, false],
    [{ scope: 'Cluster' }, false],
    [{ scope: 'Namespaced' }, true],
    [{ resourceNames: ['web'] }, true],
    [{ resourceNames: ['other'] }, false],
  ] as Array<[Partial<NamedRuleWithOperations>, boolean]>)('rule with %j matches: %s', async (more, want) => {
    expect(!!(await matchResources(mr({ resourceRules: [rule(['deployments'], more)] }), create(), ctx))).toBe(want);
  });

  it('excludes what excludeResourceRules match', async () => {
    const m = mr({ resourceRules: [rule(['*'])], excludeResourceRules: [rule(['deployments'], { resourceNames: ['web'] })] });
    expect(await matchResources(m, create(), ctx)).toBeUndefined();
    expect(await matchResources(m, create({ name: 'api' }), ctx)).toBeDefined();
  });
});

describe('matchResources: selectors', () => {
  it("matches the namespaceSelector against the request's namespace labels", async () => {
    const m = mr({ resourceRules: [rule(['*'])], namespaceSelector: { matchLabels: { env: 'prod' } } });
    expect(await matchResources(m, create(), ctx)).toBeDefined();
    expect(await matchResources(m, create({ namespace: 'dev' }), ctx)).toBeUndefined();
  });

  it('fails with NotFound when the namespace does not exist', async () => {
    const m = mr({ resourceRules: [rule(['*'])], namespaceSelector: { matchLabels: { env: 'prod' } } });
    const err = (await matchResources(m, create({ namespace: 'missing' }), ctx).catch((e: unknown) => e)) as StatusError;
    expect(err.status.message).toBe('namespaces "missing" not found');
  });

  it('matches the objectSelector against the object or the old object', async () => {
    const m = mr({ resourceRules: [rule(['*'], { operations: ['*'] })], objectSelector: { matchLabels: { app: 'web' } } });
    expect(await matchResources(m, create(), ctx)).toBeUndefined();
    const labelled = deployment(1, { labels: { app: 'web' } });
    expect(await matchResources(m, create({ object: labelled }), ctx)).toBeDefined();
    expect(await matchResources(m, admissionAttributes({ oldObject: labelled }), ctx)).toBeDefined();
  });
});

describe('matchResources: bindings and equivalents', () => {
  it('lets a binding without resourceRules select whatever its policy does', async () => {
    expect(await matchResources(undefined, create(), ctx, true)).toBeDefined();
    expect(await matchResources(mr({ namespaceSelector: { matchLabels: { env: 'dev' } } }), create(), ctx, true)).toBeUndefined();
    expect(await matchResources(mr({ resourceRules: [rule(['pods'])] }), create(), ctx, true)).toBeUndefined();
  });

  it('matches through an equivalent resource with matchPolicy Equivalent only', async () => {
    const legacy = { resource: { group: 'extensions', version: 'v1beta1', resource: 'deployments' }, kind: { group: 'extensions', version: 'v1beta1', kind: 'Deployment' } };
    const withEq: MatchContext = { ...ctx, equivalentResources: () => [legacy] };
    const r = rule(['deployments'], { apiGroups: ['extensions'], apiVersions: ['v1beta1'] });
    expect(await matchResources(mr({ resourceRules: [r] }), create(), withEq)).toEqual(legacy);
    expect(await matchResources(mr({ resourceRules: [r], matchPolicy: 'Exact' }), create(), withEq)).toBeUndefined();
  });
});
