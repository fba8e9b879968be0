import { admissionAttributes, runPlugin } from '@apiserver-kit/admission/testing';
import type { ApiObject } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { defaultAnnotation, policy, requireOwnerLabel } from '../src/policy.js';

function configMap(labels?: Record<string, string>, annotations?: Record<string, string>): ApiObject {
  const metadata: ApiObject['metadata'] = { name: 'settings', namespace: 'team-a' };
  if (labels) metadata.labels = labels;
  if (annotations) metadata.annotations = annotations;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: { mode: 'fast' } };
}

describe('requireOwnerLabel', () => {
  it('refuses a create without labels with 403 Forbidden and the message kube prefixes with the webhook name', async () => {
    const result = await runPlugin(requireOwnerLabel, admissionAttributes({ object: configMap() }));
    expect(result.allowed).toBe(false);
    expect(result.status).toEqual({
      metadata: {},
      status: 'Failure',
      message: 'missing required label "owner"',
      reason: 'Forbidden',
      code: 403,
      details: {
        name: 'settings',
        kind: 'configmaps',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'metadata.labels.owner' }],
      },
    });
  });

  it('refuses an empty owner label and other labels without owner', async () => {
    const cases: Array<Record<string, string>> = [{ owner: '' }, { team: 'a', Owner: 'alice' }];
    for (const labels of cases) {
      const result = await runPlugin(requireOwnerLabel, admissionAttributes({ object: configMap(labels) }));
      expect(result.status?.message).toBe('missing required label "owner"');
    }
  });

  it('names a generateName object by its prefix and a grouped resource by its group', async () => {
    const deployment: ApiObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { generateName: 'web-', namespace: 'a' } };
    const result = await runPlugin(requireOwnerLabel, admissionAttributes({ object: deployment }));
    expect(result.status?.details).toMatchObject({ name: 'web-', group: 'apps', kind: 'deployments' });
  });

  it('admits a create with an owner label, without patch or warnings', async () => {
    const result = await runPlugin(requireOwnerLabel, admissionAttributes({ object: configMap({ owner: 'team-a' }) }));
    expect(result).toMatchObject({ allowed: true, patch: [], warnings: [] });
    expect(result.status).toBeUndefined();
  });

  it('refuses an update that removes the owner label', async () => {
    const attrs = admissionAttributes({ oldObject: configMap({ owner: 'alice' }), object: configMap({ app: 'x' }) });
    expect(attrs.operation).toBe('UPDATE');
    const result = await runPlugin(requireOwnerLabel, attrs);
    expect(result.allowed).toBe(false);
  });

  it('warns when an update hands the object to another owner', async () => {
    const attrs = admissionAttributes({ oldObject: configMap({ owner: 'alice' }), object: configMap({ owner: 'bob' }) });
    const result = await runPlugin(requireOwnerLabel, attrs);
    expect(result).toMatchObject({ allowed: true, warnings: ['owner label changed from "alice" to "bob"'] });
  });

  it('does not warn when an update keeps the owner or adds the first one', async () => {
    const same = await runPlugin(requireOwnerLabel, admissionAttributes({ oldObject: configMap({ owner: 'a' }), object: configMap({ owner: 'a' }) }));
    const first = await runPlugin(requireOwnerLabel, admissionAttributes({ oldObject: configMap(), object: configMap({ owner: 'a' }) }));
    expect([same.warnings, first.warnings]).toEqual([[], []]);
    expect([same.allowed, first.allowed]).toEqual([true, true]);
  });

  it('lets deletes, subresources and objects being deleted through', async () => {
    const deleting = configMap();
    deleting.metadata.deletionTimestamp = '2025-01-01T00:00:00Z';
    const cases = [
      admissionAttributes({ oldObject: configMap() }),
      admissionAttributes({ object: configMap(), oldObject: configMap(), subresource: 'status' }),
      admissionAttributes({ object: deleting, oldObject: deleting }),
    ];
    expect(cases[0]!.operation).toBe('DELETE');
    for (const attrs of cases) expect((await runPlugin(requireOwnerLabel, attrs)).allowed).toBe(true);
  });

  it('handles only CREATE and UPDATE', () => {
    expect(['CREATE', 'UPDATE', 'DELETE', 'CONNECT'].map((op) => requireOwnerLabel.handles?.(op as 'CREATE'))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('defaultAnnotation', () => {
  it('adds the annotations map when the object has none, as a JSON Patch', async () => {
    const result = await runPlugin(defaultAnnotation, admissionAttributes({ object: configMap({ owner: 'a' }) }));
    expect(result.allowed).toBe(true);
    expect(result.patch).toEqual([
      { op: 'add', path: '/metadata/annotations', value: { 'example.com/managed-by': 'admission-webhook' } },
    ]);
    expect(result.object?.metadata.annotations).toEqual({ 'example.com/managed-by': 'admission-webhook' });
  });

  it('adds one key (slash escaped as ~1) beside existing annotations', async () => {
    const result = await runPlugin(defaultAnnotation, admissionAttributes({ object: configMap({}, { note: 'keep' }) }));
    expect(result.patch).toEqual([{ op: 'add', path: '/metadata/annotations/example.com~1managed-by', value: 'admission-webhook' }]);
    expect(result.object?.metadata.annotations).toEqual({ note: 'keep', 'example.com/managed-by': 'admission-webhook' });
  });

  it('keeps a value the user set, even an empty one', async () => {
    for (const value of ['flux', '']) {
      const result = await runPlugin(defaultAnnotation, admissionAttributes({ object: configMap({}, { 'example.com/managed-by': value }) }));
      expect(result.patch).toEqual([]);
    }
  });

  it('puts the annotation back on an update that dropped it', async () => {
    const old = configMap({ owner: 'a' }, { 'example.com/managed-by': 'admission-webhook' });
    const result = await runPlugin(defaultAnnotation, admissionAttributes({ oldObject: old, object: configMap({ owner: 'a' }) }));
    expect(result.patch).toHaveLength(1);
  });

  it('leaves deletes and subresources alone', async () => {
    expect((await runPlugin(defaultAnnotation, admissionAttributes({ oldObject: configMap() }))).patch).toEqual([]);
    const status = admissionAttributes({ object: configMap(), oldObject: configMap(), subresource: 'status' });
    expect((await runPlugin(defaultAnnotation, status)).patch).toEqual([]);
  });
});

describe('the policy as one plugin pair', () => {
  it('mutates first, then validates: a refused object gets no patch', async () => {
    const refused = await runPlugin(policy, admissionAttributes({ object: configMap() }));
    expect(refused).toMatchObject({ allowed: false, patch: [] });
    const admitted = await runPlugin(policy, admissionAttributes({ object: configMap({ owner: 'a' }) }));
    expect(admitted).toMatchObject({ allowed: true });
    expect(admitted.object?.metadata.annotations).toEqual({ 'example.com/managed-by': 'admission-webhook' });
  });
});
