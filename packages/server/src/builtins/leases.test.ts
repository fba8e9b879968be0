import { describe, expect, it } from 'vitest';
import { type ApiObject, formatFieldError } from '@apiserver-kit/core';
import { toTable } from '../table/index.js';
import { leases, leaseSchema } from './leases.js';

const now = new Date('2024-05-01T12:00:00Z');

function lease(spec: Record<string, unknown> | undefined, meta: Record<string, unknown> = {}): ApiObject {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'kube-scheduler', namespace: 'kube-system', creationTimestamp: '2024-05-01T06:30:00Z', resourceVersion: '2', ...meta },
    ...(spec ? { spec } : {}),
  };
}

const validate = (o: ApiObject) => leases.strategy!.validate!(o).map(formatFieldError);

describe('leases', () => {
  it('is the namespaced coordination.k8s.io/v1 Lease', () => {
    expect(leases).toMatchObject({ group: 'coordination.k8s.io', versions: ['v1'], kind: 'Lease', plural: 'leases', namespaced: true });
  });

  it('prints NAME HOLDER AGE', () => {
    const t = toTable(leases, [lease({ holderIdentity: 'node-1_abc' }), lease(undefined, { name: 'free' })], { now });
    expect(t.columnDefinitions!.map((c) => c.name)).toEqual(['Name', 'Holder', 'Age']);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['kube-scheduler', 'node-1_abc', '5h30m'],
      ['free', '', '5h30m'],
    ]);
  });

  it('schema accepts a kube-shaped Lease and rejects non-integer durations', () => {
    const spec = {
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      acquireTime: '2024-05-01T11:00:00.000000Z',
      renewTime: '2024-05-01T11:59:50.123456Z',
      leaseTransitions: 2,
    };
    expect(leaseSchema.safeParse(lease(spec)).success).toBe(true);
    const r = leaseSchema.safeParse(lease({ leaseDurationSeconds: 'x', renewTime: 'later' }));
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['spec.leaseDurationSeconds', 'spec.renewTime']);
  });

  it('validates durations, transitions, strategy and preferredHolder with kube messages', () => {
    expect(validate(lease({ leaseDurationSeconds: 10, leaseTransitions: 0 }))).toEqual([]);
    expect(validate(lease({ leaseDurationSeconds: 0, leaseTransitions: -1, preferredHolder: 'b' }))).toEqual([
      'spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0',
      'spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0',
      'spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined',
    ]);
    expect(validate(lease({ strategy: 'Newest' }))).toEqual(['spec.strategy.strategy: Unsupported value: "Newest": supported values: "OldestEmulationVersion"']);
    expect(validate(lease({ strategy: 'example.com/custom', preferredHolder: 'b' }))).toEqual([]);
  });

  it('checks metadata immutability on update', () => {
    const errs = leases.strategy!.validateUpdate!(lease({}, { namespace: 'other' }), lease({}));
    expect(errs.map(formatFieldError)).toEqual(['metadata.namespace: Invalid value: "other": field is immutable']);
  });
});
