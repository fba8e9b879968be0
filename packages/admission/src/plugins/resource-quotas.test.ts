import { describe, expect, it } from 'vitest';
import type { ApiObject } from '@apiserver-kit/core';
import { resourceQuotas } from './resource-quotas.js';

const rq = (spec: unknown, extra: Partial<ApiObject> = {}): ApiObject => ({
  apiVersion: 'v1',
  kind: 'ResourceQuota',
  metadata: { name: 'q', namespace: 'team-a', creationTimestamp: '2024-05-01T10:00:00Z' },
  spec,
  ...extra,
});

const validate = (obj: ApiObject) => resourceQuotas.strategy!.validate!(obj);

describe('resourceQuotas definition', () => {
  it('is core/v1 resourcequotas, short name quota, namespaced, with status', () => {
    expect(resourceQuotas).toMatchObject({
      group: '',
      versions: ['v1'],
      kind: 'ResourceQuota',
      plural: 'resourcequotas',
      shortNames: ['quota'],
      namespaced: true,
      subresources: { status: true },
    });
  });

  it('accepts object counts, legacy names and compute resources', () => {
    expect(validate(rq({ hard: { 'count/deployments.apps': '3', configmaps: 10, 'requests.cpu': '500m', 'hugepages-2Mi': '1Gi' } }))).toEqual([]);
  });

  it('reports unknown unqualified names, negative and fractional counts, and non-quantities', () => {
    const errs = validate(rq({ hard: { widgets: '1', secrets: '-1', pods: '1500m', configmaps: 'lots' } }));
    expect(errs.map((e) => [e.field, e.badValue, e.detail])).toEqual([
      ['spec.hard[widgets]', 'widgets', 'must be a standard resource for quota'],
      ['spec.hard[secrets]', '-1', 'must be greater than or equal to 0'],
      ['spec.hard[pods]', '1500m', 'must be an integer'],
      ['spec.hard[configmaps]', 'lots', "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"],
    ]);
  });

  it('validates metadata with the name rule of DNS subdomains', () => {
    const errs = validate(rq({ hard: {} }, { metadata: { name: 'Bad_Name', namespace: 'team-a' } }));
    expect(errs[0]).toMatchObject({ field: 'metadata.name', type: 'FieldValueInvalid' });
  });

  it('reports unknown fields through its strict schema', () => {
    const result = resourceQuotas.schema!.safeParse(rq({ hard: {}, bogus: 1 }));
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.code).toBe('unrecognized_keys');
  });

  it("prints kube's REQUEST and LIMIT cells from status, falling back to spec.hard", () => {
    const now = new Date('2024-05-03T12:00:00Z');
    const cells = (o: ApiObject) => resourceQuotas.printerColumns!.map((c) => c.value(o, now));
    expect(resourceQuotas.printerColumns!.map((c) => c.name)).toEqual(['Age', 'Request', 'Limit']);
    const synced = rq(
      { hard: { configmaps: '10' } },
      { status: { hard: { configmaps: '10', 'limits.cpu': '2', 'count/secrets': '1000' }, used: { configmaps: '3', 'limits.cpu': '500m' } } },
    );
    expect(cells(synced)).toEqual(['2d2h', 'configmaps: 3/10, count/secrets: 0/1k', 'limits.cpu: 500m/2']);
    expect(cells(rq({ hard: { 'count/configmaps': '2' } }))).toEqual(['2d2h', 'count/configmaps: 0/2', '']);
  });
});
