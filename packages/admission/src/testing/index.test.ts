import { describe, expect, it } from 'vitest';
import { type MutatingPlugin, errors } from '@apiserver-kit/core';
import { alwaysDeny } from '../plugins/always.js';
import { MemoryObjectLookup, admissionAttributes, admissionReview, guessResource, reviewRequestFor, runPlugin } from './index.js';

const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'team-a' } };

describe('admissionAttributes', () => {
  it('defaults to creating a ConfigMap "test" in "default" as alice', () => {
    expect(admissionAttributes()).toEqual({
      operation: 'CREATE',
      kind: { group: '', version: 'v1', kind: 'ConfigMap' },
      resource: { group: '', version: 'v1', resource: 'configmaps' },
      subresource: '',
      name: 'test',
      namespace: 'default',
      dryRun: false,
      user: { name: 'alice', groups: ['system:authenticated'] },
      warnings: [],
      object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'test', namespace: 'default' } },
    });
  });

  it('derives the operation, kind, resource, name and namespace from the objects', () => {
    const deploy = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'prod' } };
    expect(admissionAttributes({ object: deploy, oldObject: deploy })).toMatchObject({
      operation: 'UPDATE',
      kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'web',
      namespace: 'prod',
    });
    const del = admissionAttributes({ oldObject: deploy });
    expect(del.operation).toBe('DELETE');
    expect(del.object).toBeUndefined();
    expect(admissionAttributes({ operation: 'DELETE' }).oldObject).toBeDefined();
  });

  it('guesses resource names the way kube does for regular kinds', () => {
    expect(['Ingress', 'NetworkPolicy', 'Gateway', 'Pod', 'Mesh'].map(guessResource)).toEqual([
      'ingresses',
      'networkpolicies',
      'gateways',
      'pods',
      'meshes',
    ]);
  });
});

describe('admissionReview and reviewRequestFor', () => {
  it('builds a review with overrides on top of the defaults', () => {
    const review = admissionReview({ uid: 'x', operation: 'DELETE', name: 'gone' }, 'admission.k8s.io/v1beta1');
    expect(review.apiVersion).toBe('admission.k8s.io/v1beta1');
    expect(review.request).toMatchObject({ uid: 'x', operation: 'DELETE', name: 'gone', namespace: 'default' });
  });

  it('makes a fetch POST of the review', () => {
    const init = reviewRequestFor(admissionAttributes({ object: cm }));
    expect(init.method).toBe('POST');
    expect(init.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(init.body)).toMatchObject({ kind: 'AdmissionReview', request: { name: 'cfg', object: cm } });
    const review = admissionReview({ uid: 'same' });
    expect(JSON.parse(reviewRequestFor(review).body)).toEqual(review);
  });
});

describe('runPlugin', () => {
  it('returns the decoded patch, the patched object and the warnings', async () => {
    const label: MutatingPlugin = {
      name: 'Label',
      async admit(a) {
        a.object!.metadata.labels = { team: 'core' };
        a.warnings!.push('labelled');
      },
    };
    const result = await runPlugin(label, admissionAttributes({ object: cm }));
    expect(result).toMatchObject({
      allowed: true,
      patch: [{ op: 'add', path: '/metadata/labels', value: { team: 'core' } }],
      warnings: ['labelled'],
      object: { metadata: { labels: { team: 'core' } } },
    });
    expect(result.status).toBeUndefined();
  });

  it('escapes keys with slashes in patch paths (RFC 6901)', async () => {
    const label: MutatingPlugin = { name: 'L', admit: async (a) => void (a.object!.metadata.labels = { 'app.kubernetes.io/name': 'web' }) };
    const result = await runPlugin(label, admissionAttributes({ object: { ...cm, metadata: { ...cm.metadata, labels: { a: '1' } } } }));
    expect(result.patch).toContainEqual({ op: 'add', path: '/metadata/labels/app.kubernetes.io~1name', value: 'web' });
    expect(result.object!.metadata.labels).toEqual({ 'app.kubernetes.io/name': 'web' });
  });

  it('returns the status of a refusal', async () => {
    const result = await runPlugin(alwaysDeny(), admissionAttributes({ object: cm }));
    expect(result.allowed).toBe(false);
    expect(result.status).toMatchObject({ code: 403, reason: 'Forbidden', message: 'configmaps "cfg" is forbidden: admission control is denying all modifications' });
  });

  it('leaves the caller attributes untouched', async () => {
    const attrs = admissionAttributes({ object: structuredClone(cm) });
    await runPlugin({ name: 'x', admit: async (a) => void (a.object!.metadata.name = 'changed') }, attrs);
    expect(attrs.object!.metadata.name).toBe('cfg');
  });

  it('reports invalid errors with their causes', async () => {
    const plugin = {
      name: 'NoData',
      validate: async () => {
        throw errors.invalid({ group: '', kind: 'ConfigMap' }, 'cfg', [{ type: 'FieldValueRequired' as const, field: 'data' }]);
      },
    };
    const result = await runPlugin(plugin, admissionAttributes({ object: cm }));
    expect(result.status).toMatchObject({ code: 422, reason: 'Invalid', details: { causes: [{ field: 'data', reason: 'FieldValueRequired' }] } });
  });
});

describe('MemoryObjectLookup', () => {
  it('files objects by resource and namespace, with named plurals where guessing fails', async () => {
    const objects = new MemoryObjectLookup([cm, { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'e', namespace: 'team-a' } }], {
      Endpoints: 'endpoints',
    });
    expect(await objects.get({ group: '', resource: 'configmaps' }, 'team-a', 'cfg')).toEqual(cm);
    expect(await objects.count({ group: '', resource: 'endpoints' }, 'team-a')).toBe(1);
    objects.remove(cm);
    expect(await objects.list({ group: '', resource: 'configmaps' }, '')).toEqual([]);
  });
});
