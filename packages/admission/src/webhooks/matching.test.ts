import { type AdmissionAttributes, errors, labelSelectorFromMetaV1 } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { effectiveNamespace, isExemptConfigurationResource, namespaceSelectorMatches, objectSelectorMatches, ruleMatches } from './matching.js';
import { attrsFor, configMap, namespaceLookup } from './testdata/fixtures.js';
import type { RuleWithOperations } from './types.js';

const rule = (resources: string[], extra: Partial<RuleWithOperations> = {}): RuleWithOperations => ({
  operations: ['CREATE'],
  apiGroups: [''],
  apiVersions: ['v1'],
  resources,
  ...extra,
});

const pods = (subresource = '', overrides: Partial<AdmissionAttributes> = {}) =>
  attrsFor(undefined, {
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    subresource,
    ...overrides,
  });

describe('ruleMatches', () => {
  it('matches a resource only without a subresource, and resource/sub only that subresource', () => {
    expect(ruleMatches(rule(['pods']), pods())).toBe(true);
    expect(ruleMatches(rule(['pods']), pods('status'))).toBe(false);
    expect(ruleMatches(rule(['pods/status']), pods('status'))).toBe(true);
    expect(ruleMatches(rule(['pods/status']), pods())).toBe(false);
    expect(ruleMatches(rule(['pods/status']), pods('exec'))).toBe(false);
  });

  it('treats * as every resource without subresources, */status and pods/* and */* as wildcards', () => {
    expect(ruleMatches(rule(['*']), pods())).toBe(true);
    expect(ruleMatches(rule(['*']), pods('status'))).toBe(false);
    expect(ruleMatches(rule(['*/status']), pods('status'))).toBe(true);
    expect(ruleMatches(rule(['*/status']), pods())).toBe(false);
    expect(ruleMatches(rule(['pods/*']), pods('exec'))).toBe(true);
    expect(ruleMatches(rule(['pods/*']), pods())).toBe(true);
    expect(ruleMatches(rule(['*/*']), pods('binding'))).toBe(true);
  });

  it('matches operations exactly or by *', () => {
    expect(ruleMatches(rule(['pods'], { operations: ['UPDATE', 'DELETE'] }), pods())).toBe(false);
    expect(ruleMatches(rule(['pods'], { operations: ['UPDATE', 'CREATE'] }), pods())).toBe(true);
    expect(ruleMatches(rule(['pods'], { operations: ['*'] }), pods('', { operation: 'DELETE' }))).toBe(true);
  });

  it('matches API groups and versions exactly or by *', () => {
    const deploy = attrsFor(undefined, { resource: { group: 'apps', version: 'v1', resource: 'deployments' } });
    expect(ruleMatches(rule(['deployments']), deploy)).toBe(false);
    expect(ruleMatches(rule(['deployments'], { apiGroups: ['apps'], apiVersions: ['v1beta1'] }), deploy)).toBe(false);
    expect(ruleMatches(rule(['deployments'], { apiGroups: ['*'], apiVersions: ['*'] }), deploy)).toBe(true);
  });

  it('honours scope: Namespaced excludes cluster-scoped objects and namespaces, Cluster the reverse', () => {
    const nodes = attrsFor(undefined, { resource: { group: '', version: 'v1', resource: 'nodes' }, namespace: '' });
    const ns = attrsFor(undefined, { resource: { group: '', version: 'v1', resource: 'namespaces' }, namespace: '', name: 'dev' });
    const all = ['pods', 'nodes', 'namespaces'];
    expect(ruleMatches(rule(all, { scope: 'Namespaced' }), pods())).toBe(true);
    expect(ruleMatches(rule(all, { scope: 'Namespaced' }), nodes)).toBe(false);
    expect(ruleMatches(rule(all, { scope: 'Namespaced' }), ns)).toBe(false);
    expect(ruleMatches(rule(all, { scope: 'Cluster' }), nodes)).toBe(true);
    expect(ruleMatches(rule(all, { scope: 'Cluster' }), ns)).toBe(true);
    expect(ruleMatches(rule(all, { scope: 'Cluster' }), pods())).toBe(false);
    expect(ruleMatches(rule(all, { scope: '*' }), nodes)).toBe(true);
  });
});

describe('isExemptConfigurationResource', () => {
  it('exempts the webhook configurations and admission policies, nothing else', () => {
    const kind = (group: string, k: string) => attrsFor(undefined, { kind: { group, version: 'v1', kind: k } });
    expect(isExemptConfigurationResource(kind('admissionregistration.k8s.io', 'ValidatingWebhookConfiguration'))).toBe(true);
    expect(isExemptConfigurationResource(kind('admissionregistration.k8s.io', 'MutatingWebhookConfiguration'))).toBe(true);
    expect(isExemptConfigurationResource(kind('admissionregistration.k8s.io', 'ValidatingAdmissionPolicyBinding'))).toBe(true);
    expect(isExemptConfigurationResource(kind('example.com', 'ValidatingWebhookConfiguration'))).toBe(false);
    expect(isExemptConfigurationResource(kind('', 'ConfigMap'))).toBe(false);
  });
});

const lookup = async (name: string) => namespaceLookup(name);
const selector = (matchLabels: Record<string, string>) => labelSelectorFromMetaV1({ matchLabels });

describe('namespaceSelectorMatches', () => {
  it("compares the selector with the labels of the request's namespace", async () => {
    expect(await namespaceSelectorMatches(selector({ env: 'dev' }), attrsFor(configMap()), lookup)).toBe(true);
    expect(await namespaceSelectorMatches(selector({ env: 'prod' }), attrsFor(configMap()), lookup)).toBe(false);
  });

  it('answers 404 NotFound when the namespace does not exist', async () => {
    const err = await namespaceSelectorMatches(selector({ env: 'dev' }), attrsFor(configMap('x', 'gone')), lookup).catch((e) => e);
    expect(err.status).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "gone" not found' });
  });

  it('lets cluster-scoped requests through without a lookup', async () => {
    const nodes = attrsFor(undefined, { resource: { group: '', version: 'v1', resource: 'nodes' }, namespace: '', name: 'n1' });
    const failing = async () => {
      throw errors.internalError(new Error('no lookup expected'));
    };
    expect(await namespaceSelectorMatches(selector({ env: 'nope' }), nodes, failing)).toBe(true);
  });

  it('uses the object itself for namespace creates and updates, the stored namespace for deletes', async () => {
    const nsAttrs = (op: 'CREATE' | 'DELETE', labels: Record<string, string>) =>
      attrsFor(undefined, {
        operation: op,
        resource: { group: '', version: 'v1', resource: 'namespaces' },
        kind: { group: '', version: 'v1', kind: 'Namespace' },
        namespace: '',
        name: 'dev',
        ...(op === 'CREATE' ? { object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev', labels } } } : {}),
      });
    expect(await namespaceSelectorMatches(selector({ team: 'a' }), nsAttrs('CREATE', { team: 'a' }), lookup)).toBe(true);
    expect(await namespaceSelectorMatches(selector({ team: 'a' }), nsAttrs('CREATE', {}), lookup)).toBe(false);
    expect(await namespaceSelectorMatches(selector({ env: 'dev' }), nsAttrs('DELETE', {}), lookup)).toBe(true);
    expect(effectiveNamespace(nsAttrs('DELETE', {}))).toBe('dev');
  });
});

describe('objectSelectorMatches', () => {
  it('matches the object or the old object', () => {
    const sel = selector({ app: 'web' });
    expect(objectSelectorMatches(sel, attrsFor(configMap('a', 'dev', { app: 'web' })))).toBe(true);
    expect(objectSelectorMatches(sel, attrsFor(configMap('a', 'dev', { app: 'db' })))).toBe(false);
    const del = attrsFor(undefined, { operation: 'DELETE', oldObject: configMap('a', 'dev', { app: 'web' }) });
    expect(objectSelectorMatches(sel, del)).toBe(true);
    expect(objectSelectorMatches(labelSelectorFromMetaV1({}), attrsFor(configMap()))).toBe(true);
  });
});
