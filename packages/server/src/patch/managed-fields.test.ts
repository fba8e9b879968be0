import { describe, expect, it } from 'vitest';
import type { ApiObject, ManagedFieldsEntry } from '@apiserver-kit/core';
import { decodeManagedFields, encodeManagedFields, formatTime, updateManagedFields } from './managed-fields.js';

const t0 = new Date('2026-01-02T03:04:05.999Z');
const t1 = new Date('2026-01-02T04:00:00Z');

function cm(data: Record<string, string>, labels?: Record<string, string>): ApiObject {
  const metadata: ApiObject['metadata'] = { name: 'x', namespace: 'default', uid: 'u1', resourceVersion: '3', creationTimestamp: '2026-01-01T00:00:00Z' };
  if (labels) metadata.labels = labels;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data };
}

const update = (live: ApiObject | null, updated: ApiObject, manager: string, now = t0, subresource?: string) =>
  updateManagedFields({ live, updated, manager, apiVersion: 'v1', now, subresource });

const entry = (obj: ApiObject, manager: string): ManagedFieldsEntry | undefined =>
  obj.metadata.managedFields?.find((e) => e.manager === manager);

describe('updateManagedFields', () => {
  it('owns every field set on create, with "." on maps that were added, and never system fields', () => {
    const out = update(null, cm({ key: 'v' }, { app: 'web' }), 'kubectl-create');
    expect(out.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'v1',
        time: '2026-01-02T03:04:05Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { '.': {}, 'f:key': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } },
      },
    ]);
  });

  it('moves ownership of a changed field to the writer', () => {
    const live = update(null, cm({ a: '1', b: '2' }), 'creator');
    const out = update(live, cm({ a: 'changed', b: '2' }), 'editor', t1);
    expect(entry(out, 'creator')?.fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:b': {} } });
    expect(entry(out, 'editor')?.fieldsV1).toEqual({ 'f:data': { 'f:a': {} } });
    expect(entry(out, 'editor')?.time).toBe('2026-01-02T04:00:00Z');
    expect(entry(out, 'creator')?.time).toBe('2026-01-02T03:04:05Z');
  });

  it('drops removed fields from every manager and removes empty entries', () => {
    let live = update(null, cm({ a: '1' }), 'creator');
    live = update(live, cm({ a: '1', b: '2' }), 'adder', t1);
    const out = update(live, cm({ a: '1' }), 'remover', t1);
    expect(entry(out, 'adder')).toBeUndefined();
    expect(entry(out, 'remover')).toBeUndefined();
    expect(entry(out, 'creator')?.fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:a': {} } });
  });

  it('leaves managedFields untouched by a write that changes nothing', () => {
    const live = update(null, cm({ a: '1' }), 'creator');
    const out = update(live, { ...live, metadata: { ...live.metadata, managedFields: undefined } }, 'other', t1);
    expect(out).toEqual(live);
  });

  it('uses valid managedFields sent by the client and ignores invalid ones', () => {
    const live = update(null, cm({ a: '1' }), 'creator');
    const custom: ManagedFieldsEntry[] = [
      { manager: 'someone', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } },
    ];
    const withCustom = update(live, { ...live, metadata: { ...live.metadata, managedFields: custom } }, 'creator', t1);
    expect(withCustom.metadata.managedFields).toEqual(custom);
    const invalid = [{ manager: 'x', operation: 'Bogus', apiVersion: 'v1', fieldsType: 'FieldsV1' }] as unknown as ManagedFieldsEntry[];
    const withInvalid = update(live, { ...live, metadata: { ...live.metadata, managedFields: invalid } }, 'creator', t1);
    expect(withInvalid.metadata.managedFields).toEqual(live.metadata.managedFields);
  });

  it('clears managedFields when the client sends an empty list', () => {
    const live = update(null, cm({ a: '1' }), 'creator');
    const out = update(live, { ...live, data: { a: '2' }, metadata: { ...live.metadata, managedFields: [] } }, 'editor', t1);
    expect(out.metadata.managedFields).toBeUndefined();
  });

  it('does not start tracking an existing object that has no managedFields', () => {
    const out = update(cm({ a: '1' }), cm({ a: '2' }), 'editor', t1);
    expect(out.metadata.managedFields).toBeUndefined();
  });

  it('records the subresource and ignores managedFields sent to a subresource', () => {
    const live = update(null, cm({ a: '1' }), 'creator');
    const sent = { ...live, data: { a: '2' }, metadata: { ...live.metadata, managedFields: [] } };
    const out = update(live, sent, 'kubelet', t1, 'status');
    expect(entry(out, 'kubelet')).toMatchObject({ operation: 'Update', subresource: 'status', fieldsV1: { 'f:data': { 'f:a': {} } } });
    expect(Object.keys(entry(out, 'kubelet')!).at(-1)).toBe('subresource');
    expect(entry(out, 'creator')).toBeDefined();
  });

  it('keys list items by their merge key and primitive sets by value', () => {
    const pod: ApiObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', finalizers: ['a/b'] },
      spec: { containers: [{ name: 'app', image: 'nginx', resources: {} }] },
    };
    const out = updateManagedFields({
      live: null,
      updated: pod,
      manager: 'kubectl-run',
      apiVersion: 'v1',
      now: t0,
      mergeKeys: { 'spec.containers': 'name' },
    });
    expect(entry(out, 'kubectl-run')?.fieldsV1).toEqual({
      'f:metadata': { 'f:finalizers': { '.': {}, 'v:"a/b"': {} } },
      'f:spec': {
        '.': {},
        'f:containers': { '.': {}, 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:resources': {} } },
      },
    });
  });

  it('keeps the live entries when the object does not fit the list metadata', () => {
    const live = update(null, cm({ a: '1' }), 'creator');
    const bad = { ...live, spec: { containers: [{ image: 'no-name' }] } };
    const out = updateManagedFields({ live, updated: bad, manager: 'm', apiVersion: 'v1', now: t1, mergeKeys: { 'spec.containers': 'name' } });
    expect(out.metadata.managedFields).toEqual(live.metadata.managedFields);
    expect(out.spec).toEqual(bad.spec);
  });

  it('does not own ignored fields', () => {
    const obj = { ...cm({ a: '1' }), status: { phase: 'Ready' } };
    const out = updateManagedFields({ live: null, updated: obj, manager: 'm', apiVersion: 'v1', now: t0, ignoredFields: ['status'] });
    expect(entry(out, 'm')?.fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:a': {} } });
  });

  it('merges the oldest of more than ten Update entries into ancient-changes', () => {
    let live = update(null, cm({ k0: 'v' }), 'm0', new Date(Date.UTC(2026, 0, 1, 0, 0, 0)));
    for (let i = 1; i <= 10; i++) {
      const data: Record<string, string> = { ...(live.data as Record<string, string>), [`k${i}`]: 'v' };
      live = update(live, { ...live, data }, `m${i}`, new Date(Date.UTC(2026, 0, 1, 0, 0, i)));
    }
    const managers = live.metadata.managedFields?.map((e) => e.manager);
    expect(managers).toHaveLength(10);
    expect(managers).toContain('ancient-changes');
    expect(managers).not.toContain('m0');
    expect(managers).not.toContain('m1');
    expect(entry(live, 'ancient-changes')?.fieldsV1).toEqual({ 'f:data': { '.': {}, 'f:k0': {}, 'f:k1': {} } });
    expect(entry(live, 'ancient-changes')?.time).toBe('2026-01-01T00:00:01Z');
  });
});

describe('managed fields encoding', () => {
  it('formats times as RFC 3339 with whole seconds', () => {
    expect(formatTime(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05Z');
  });

  it('sorts Apply entries before Update entries, then by time and manager', () => {
    const entries: ManagedFieldsEntry[] = [
      { manager: 'b', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:a': {} } },
      { manager: 'a', operation: 'Update', apiVersion: 'v1', time: '2026-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:b': {} } },
      { manager: 'z', operation: 'Apply', apiVersion: 'v1', time: '2027-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:c': {} } },
      { manager: 'c', operation: 'Update', apiVersion: 'v1', time: '2025-01-01T00:00:00Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:d': {} } },
    ];
    const out = encodeManagedFields(decodeManagedFields(entries));
    expect(out?.map((e) => e.manager)).toEqual(['z', 'c', 'a', 'b']);
  });

  it('rejects entries kube would not decode', () => {
    expect(() => decodeManagedFields([{ manager: 'a', operation: 'Update', fieldsType: 'FieldsV1' }])).toThrow('apiVersion');
    expect(() => decodeManagedFields([{ manager: 'a', operation: 'Update', apiVersion: 'v1' }])).toThrow('fieldsType');
  });
});
