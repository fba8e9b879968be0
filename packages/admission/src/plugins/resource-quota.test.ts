import { describe, expect, it } from 'vitest';
import type { ApiObject } from '@apiserver-kit/core';
import { statusOfAsync } from '@apiserver-kit/core/testing';
import { admissionAttributes } from '../testing/index.js';
import { MemoryObjectLookup } from '../testing/memory-lookup.js';
import { objectCountName, parseResourceQuotaConfiguration, quotaNamesFor, resourceQuota } from './resource-quota.js';

const quota = (name: string, hard: Record<string, unknown>, namespace = 'team-a', spec: Record<string, unknown> = {}): ApiObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name, namespace },
  spec: { hard, ...spec },
});
const cm = (name: string, namespace = 'team-a'): ApiObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } });
const deploy = (name: string): ApiObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'team-a' } });

describe('quota names', () => {
  it("are kube's object-count names plus the legacy alias of core kinds", () => {
    expect(objectCountName({ group: 'apps', resource: 'deployments' })).toBe('count/deployments.apps');
    expect(quotaNamesFor({ group: '', resource: 'configmaps' })).toEqual(['count/configmaps', 'configmaps']);
    expect(quotaNamesFor({ group: '', resource: 'leases' })).toEqual(['count/leases']);
  });
});

describe('resourceQuota', () => {
  it('allows creates while the count stays within spec.hard', async () => {
    const objects = new MemoryObjectLookup([quota('q', { 'count/configmaps': '2' }), cm('a')]);
    await expect(resourceQuota(objects).validate(admissionAttributes({ object: cm('b') }))).resolves.toBeUndefined();
  });

  it("refuses the create past the limit with kube's exceeded quota message", async () => {
    const objects = new MemoryObjectLookup([quota('compute', { 'count/configmaps': '2' }), cm('a'), cm('b')]);
    const err = await statusOfAsync(() => resourceQuota(objects).validate(admissionAttributes({ object: cm('x') })));
    expect(err.status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'configmaps "x" is forbidden: exceeded quota: compute, requested: count/configmaps=1, used: count/configmaps=2, limited: count/configmaps=2',
      details: { name: 'x', kind: 'configmaps' },
    });
  });

  it('counts only the namespace of the request', async () => {
    const objects = new MemoryObjectLookup([quota('q', { 'count/configmaps': '1' }), cm('a', 'other'), cm('b', 'other')]);
    await expect(resourceQuota(objects).validate(admissionAttributes({ object: cm('x') }))).resolves.toBeUndefined();
  });

  it('reports every exceeded name of one quota, sorted, legacy name included', async () => {
    const objects = new MemoryObjectLookup([quota('q', { configmaps: 1, 'count/configmaps': '1k' }), cm('a')]);
    const err = await statusOfAsync(() => resourceQuota(objects).validate(admissionAttributes({ object: cm('x') })));
    expect(err.status.message).toBe(
      'configmaps "x" is forbidden: exceeded quota: q, requested: configmaps=1, used: configmaps=1, limited: configmaps=1',
    );
    const tight = new MemoryObjectLookup([quota('q', { configmaps: '1', 'count/configmaps': '1' }), cm('a')]);
    const both = await statusOfAsync(() => resourceQuota(tight).validate(admissionAttributes({ object: cm('x') })));
    expect(both.status.message).toBe(
      'configmaps "x" is forbidden: exceeded quota: q, requested: configmaps=1,count/configmaps=1, used: configmaps=1,count/configmaps=1, limited: configmaps=1,count/configmaps=1',
    );
  });

  it('limits resources of other groups by count/<resource>.<group>', async () => {
    const objects = new MemoryObjectLookup([quota('apps', { 'count/deployments.apps': '0' })]);
    const err = await statusOfAsync(() => resourceQuota(objects).validate(admissionAttributes({ object: deploy('web') })));
    expect(err.status.message).toBe(
      'deployments.apps "web" is forbidden: exceeded quota: apps, requested: count/deployments.apps=1, used: count/deployments.apps=0, limited: count/deployments.apps=0',
    );
  });

  it('checks dry-run creates too', async () => {
    const objects = new MemoryObjectLookup([quota('q', { 'count/configmaps': '0' })]);
    const err = await statusOfAsync(() => resourceQuota(objects).validate(admissionAttributes({ object: cm('x'), dryRun: true })));
    expect(err.status.code).toBe(403);
  });

  it('ignores updates, subresources, events and quotas with scopes', async () => {
    const objects = new MemoryObjectLookup([
      quota('q', { 'count/configmaps': '0', 'count/events': '0' }),
      quota('scoped', { pods: '0' }, 'team-a', { scopes: ['BestEffort'] }),
    ]);
    const plugin = resourceQuota(objects);
    await expect(plugin.validate(admissionAttributes({ object: cm('x'), oldObject: cm('x') }))).resolves.toBeUndefined();
    await expect(plugin.validate(admissionAttributes({ object: cm('x'), subresource: 'status' }))).resolves.toBeUndefined();
    const ev = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'e', namespace: 'team-a' } };
    await expect(plugin.validate(admissionAttributes({ object: ev }))).resolves.toBeUndefined();
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'team-a' } };
    await expect(plugin.validate(admissionAttributes({ object: pod }))).resolves.toBeUndefined();
    expect(plugin.handles!('UPDATE')).toBe(false);
  });

  it('does not count terminated pods against a pods quota', async () => {
    const pod = (name: string, phase: string): ApiObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'team-a' }, status: { phase } });
    const objects = new MemoryObjectLookup([quota('q', { pods: '1' }), pod('done', 'Succeeded'), pod('failed', 'Failed')]);
    await expect(resourceQuota(objects).validate(admissionAttributes({ object: pod('new', 'Pending') }))).resolves.toBeUndefined();
    objects.add(pod('running', 'Running'));
    await expect(statusOfAsync(() => resourceQuota(objects).validate(admissionAttributes({ object: pod('new', 'Pending') })))).resolves.toMatchObject({
      code: 'Forbidden',
    });
  });

  it('checks the quotas in name order and reports the first one exceeded', async () => {
    const objects = new MemoryObjectLookup([quota('zeta', { 'count/configmaps': '0' }), quota('alpha', { 'count/configmaps': '0' })]);
    const err = await statusOfAsync(() => resourceQuota(objects).validate(admissionAttributes({ object: cm('x') })));
    expect(err.status.message).toContain('exceeded quota: alpha,');
  });

  it('requires a covering quota for limitedResources', async () => {
    const config = parseResourceQuotaConfiguration({
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'ResourceQuotaConfiguration',
      limitedResources: [{ resource: 'configmaps', matchContains: ['configmaps'] }],
    });
    const none = resourceQuota(new MemoryObjectLookup([]), config);
    const err = await statusOfAsync(() => none.validate(admissionAttributes({ object: cm('x') })));
    expect(err.status.message).toBe('configmaps "x" is forbidden: insufficient quota to consume: configmaps,count/configmaps');
    const covered = resourceQuota(new MemoryObjectLookup([quota('q', { configmaps: '5', 'count/configmaps': '5' })]), config);
    await expect(covered.validate(admissionAttributes({ object: cm('x') }))).resolves.toBeUndefined();
    await expect(none.validate(admissionAttributes({ object: deploy('d') }))).resolves.toBeUndefined();
  });
});

describe('parseResourceQuotaConfiguration', () => {
  it('accepts the v1 and resourcequota.admission.k8s.io versions and nothing else', () => {
    expect(parseResourceQuotaConfiguration(undefined)).toEqual({});
    expect(
      parseResourceQuotaConfiguration({ apiVersion: 'resourcequota.admission.k8s.io/v1beta1', kind: 'Configuration', limitedResources: [] }),
    ).toEqual({ limitedResources: [] });
    expect(() => parseResourceQuotaConfiguration({ apiVersion: 'v1', kind: 'ConfigMap' })).toThrow('no kind "ConfigMap" is registered');
    expect(() => parseResourceQuotaConfiguration({ kind: 'x' })).toThrow('invalid ResourceQuota configuration: apiVersion');
  });
});
