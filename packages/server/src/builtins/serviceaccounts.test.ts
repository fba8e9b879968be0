import { describe, expect, it } from 'vitest';
import { type ApiObject, formatFieldError } from '@apiserver-kit/core';
import { toTable } from '../table/index.js';
import { serviceAccounts, serviceAccountSchema } from './serviceaccounts.js';

const now = new Date('2024-05-01T12:00:00Z');

function sa(fields: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'builder', namespace: 'ci', creationTimestamp: '2024-05-01T11:59:30Z', resourceVersion: '9', ...meta },
    ...fields,
  };
}

const strategy = serviceAccounts.strategy!;

describe('serviceaccounts', () => {
  it('is the namespaced core/v1 ServiceAccount with shortName sa', () => {
    expect(serviceAccounts).toMatchObject({ group: '', kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'], namespaced: true });
  });

  it('prints NAME SECRETS AGE', () => {
    const t = toTable(serviceAccounts, [sa({ secrets: [{ name: 'tok' }] }), sa({}, { name: 'default' })], { now });
    expect(t.columnDefinitions!.map((c) => c.name)).toEqual(['Name', 'Secrets', 'Age']);
    expect(t.rows.map((r) => r.cells)).toEqual([
      ['builder', 1, '30s'],
      ['default', 0, '30s'],
    ]);
  });

  it('keeps only the name of secret references on create and update', () => {
    const o = sa({ secrets: [{ name: 'tok', uid: 'u', kind: 'Secret' }] });
    strategy.prepareForCreate!(o);
    expect(o.secrets).toEqual([{ name: 'tok' }]);
    const u = sa({ secrets: [{ name: 'a', namespace: 'x' }] });
    strategy.prepareForUpdate!(u, sa());
    expect(u.secrets).toEqual([{ name: 'a' }]);
  });

  it('merges secrets by name in strategic merge patches', () => {
    expect(serviceAccounts.mergeKeys).toEqual({ secrets: 'name' });
  });

  it('requires a DNS-subdomain name and validates metadata updates', () => {
    expect(strategy.validate!(sa())).toEqual([]);
    expect(strategy.validate!(sa({}, { name: 'UPPER' })).map((e) => e.field)).toEqual(['metadata.name']);
    expect(strategy.validateUpdate!(sa({}, { resourceVersion: '' }), sa()).map(formatFieldError)).toEqual([
      'metadata.resourceVersion: Invalid value: "": must be specified for an update',
    ]);
  });

  it('schema accepts kube fields and rejects unknown ones inside references', () => {
    expect(serviceAccountSchema.safeParse(sa({ secrets: [{ name: 'a' }], imagePullSecrets: [{ name: 'reg' }], automountServiceAccountToken: false })).success).toBe(true);
    const r = serviceAccountSchema.safeParse(sa({ imagePullSecrets: [{ name: 'reg', namespace: 'x' }] }));
    expect(r.error!.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', path: ['imagePullSecrets', 0], keys: ['namespace'] })]);
  });
});
