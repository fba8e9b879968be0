import { describe, expect, it } from 'vitest';
import { statusOf } from '@apiserver-kit/core/testing';
import type { ApiObject } from '@apiserver-kit/core';
import { applyPatch, type ApplyOptions } from './apply.js';
import { updateManagedFields } from './managed-fields.js';
import { lastAppliedAnnotation } from './last-applied.js';

const t0 = new Date('2026-01-02T03:04:05.678Z');
const t1 = new Date('2026-01-02T04:00:00Z');
const t2 = new Date('2026-01-02T05:00:00Z');

function cm(data: Record<string, string>, extra: Partial<ApiObject['metadata']> = {}): ApiObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default', ...extra }, data };
}

function apply(live: ApiObject | null, applied: ApiObject, manager: string, now = t0, more: Partial<ApplyOptions> = {}) {
  return applyPatch({ live, applied, manager, force: false, apiVersion: 'v1', now, mergeKeys: {}, kind: 'ConfigMap', ...more });
}

/** What the store would add on create. */
function stored(obj: ApiObject): ApiObject {
  return { ...obj, metadata: { ...obj.metadata, uid: 'u1', resourceVersion: '1', creationTimestamp: '2026-01-02T03:04:05Z' } };
}

function fieldsOf(obj: ApiObject, manager: string, operation = 'Apply') {
  return obj.metadata.managedFields?.find((e) => e.manager === manager && e.operation === operation)?.fieldsV1;
}


describe('applyPatch: create and re-apply', () => {
  it('creates the object and records an Apply entry in kube wire form', () => {
    const out = apply(null, cm({ key: 'v' }, { labels: { app: 'web' } }), 'kubectl');
    expect(out.data).toEqual({ key: 'v' });
    expect(out.metadata.labels).toEqual({ app: 'web' });
    expect(out.metadata.managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'v1',
        time: '2026-01-02T03:04:05Z',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:key': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } },
      },
    ]);
    expect(Object.keys(out.metadata.managedFields![0]!)).toEqual([
      'manager',
      'operation',
      'apiVersion',
      'time',
      'fieldsType',
      'fieldsV1',
    ]);
  });

  it('returns an identical object when the same configuration is applied again', () => {
    const live = stored(apply(null, cm({ key: 'v' }, { labels: { app: 'web' } }), 'kubectl'));
    const again = apply(live, cm({ key: 'v' }, { labels: { app: 'web' } }), 'kubectl', t1);
    expect(again).toEqual(live);
    expect(JSON.stringify(again)).toBe(JSON.stringify(live));
  });

  it('updates the value and the entry time when the configuration changes', () => {
    const live = stored(apply(null, cm({ key: 'v' }), 'kubectl'));
    const out = apply(live, cm({ key: 'v2' }), 'kubectl', t1);
    expect(out.data).toEqual({ key: 'v2' });
    expect(out.metadata.managedFields?.[0]?.time).toBe('2026-01-02T04:00:00Z');
    expect(out.metadata.uid).toBe('u1');
  });

  it('removes fields the manager applied before but no longer applies', () => {
    const live = stored(apply(null, cm({ a: '1', b: '2' }, { labels: { app: 'web', tier: 'fe' } }), 'mgr'));
    const out = apply(live, cm({ a: '1' }, { labels: { app: 'web' } }), 'mgr', t1);
    expect(out.data).toEqual({ a: '1' });
    expect(out.metadata.labels).toEqual({ app: 'web' });
    expect(fieldsOf(out, 'mgr')).toEqual({ 'f:data': { 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } });
  });

  it('keeps fields nobody applied (set by updates) when pruning', () => {
    let live = stored(apply(null, cm({ a: '1' }), 'mgr'));
    live = updateManagedFields({ live, updated: { ...live, data: { a: '1', other: 'x' } }, manager: 'editor', apiVersion: 'v1', now: t1 });
    const out = apply(live, cm({}), 'mgr', t2);
    expect(out.data).toEqual({ other: 'x' });
  });

  it('does not remove a field another manager also owns', () => {
    let live = stored(apply(null, cm({ shared: 'same' }), 'one'));
    live = apply(live, cm({ shared: 'same' }), 'two', t1);
    const out = apply(live, cm({}), 'one', t2);
    expect(out.data).toEqual({ shared: 'same' });
    expect(fieldsOf(out, 'two')).toEqual({ 'f:data': { 'f:shared': {} } });
    expect(fieldsOf(out, 'one')).toBeUndefined();
  });
});

describe('applyPatch: ownership across managers', () => {
  it('lets two managers own different fields and sorts entries by operation, time, manager', () => {
    const live = stored(apply(null, cm({ a: '1' }), 'zeta'));
    const out = apply(live, cm({ b: '2' }), 'alpha', t1);
    expect(out.data).toEqual({ a: '1', b: '2' });
    expect(out.metadata.managedFields?.map((e) => e.manager)).toEqual(['zeta', 'alpha']);
    expect(fieldsOf(out, 'alpha')).toEqual({ 'f:data': { 'f:b': {} } });
  });

  it('shares ownership when a second manager applies the same value', () => {
    const live = stored(apply(null, cm({ key: 'v' }), 'one'));
    const out = apply(live, cm({ key: 'v' }), 'two', t1);
    expect(fieldsOf(out, 'one')).toEqual({ 'f:data': { 'f:key': {} } });
    expect(fieldsOf(out, 'two')).toEqual({ 'f:data': { 'f:key': {} } });
    // nothing changed, so the new entry carries no time (as kube does)
    expect(out.metadata.managedFields?.find((e) => e.manager === 'two')?.time).toBeUndefined();
  });

  it('answers 409 Conflict with kube message and causes when another manager owns a changed field', () => {
    const created = updateManagedFields({ live: null, updated: cm({ key: 'v' }), manager: 'kubectl-client-side-apply', apiVersion: 'v1', now: t0 });
    const err = statusOf(() => apply(stored(created), cm({ key: 'other' }), 'mgr', t1));
    expect(err.status.code).toBe(409);
    expect(err.status.reason).toBe('Conflict');
    expect(err.status.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using v1: .data.key');
    expect(err.status.details).toEqual({
      causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "kubectl-client-side-apply" using v1', field: '.data.key' }],
    });
  });

  it('groups several conflicts by manager in the message', () => {
    let live = stored(apply(null, cm({ a: '1', b: '2' }), 'one'));
    live = updateManagedFields({ live, updated: { ...live, data: { a: '1', b: '2', c: '3' } }, manager: 'editor', apiVersion: 'v1', now: t1 });
    const err = statusOf(() => apply(live, cm({ a: 'x', b: 'y', c: 'z' }), 'two', t2));
    expect(err.status.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "editor" using v1:\n- .data.c\nconflicts with "one":\n- .data.a\n- .data.b',
    );
    expect(err.status.details?.causes?.map((c) => c.field)).toEqual(['.data.c', '.data.a', '.data.b']);
    expect(err.status.details?.causes?.[1]?.message).toBe('conflict with "one"');
  });

  it('takes ownership from the other managers when forced', () => {
    const live = stored(apply(null, cm({ a: '1', b: '2' }), 'one'));
    const out = apply(live, cm({ a: 'mine' }), 'two', t1, { force: true });
    expect(out.data).toEqual({ a: 'mine', b: '2' });
    expect(fieldsOf(out, 'one')).toEqual({ 'f:data': { 'f:b': {} } });
    expect(fieldsOf(out, 'two')).toEqual({ 'f:data': { 'f:a': {} } });
  });

  it('drops a manager entry whose last field is taken over', () => {
    const live = stored(apply(null, cm({ a: '1' }), 'one'));
    const out = apply(live, cm({ a: '2' }), 'two', t1, { force: true });
    expect(out.metadata.managedFields?.map((e) => e.manager)).toEqual(['two']);
  });

  it('assigns fields of an object without managedFields to before-first-apply', () => {
    const live: ApiObject = { ...cm({ key: 'v' }), metadata: { name: 'x', namespace: 'default', uid: 'u' } };
    const err = statusOf(() => apply(live, cm({ key: 'new' }), 'mgr', t1));
    expect(err.status.message).toBe('Apply failed with 1 conflict: conflict with "before-first-apply" using v1: .data.key');
    const ok = apply(live, cm({ key: 'v' }), 'mgr', t1);
    expect(ok.metadata.managedFields?.map((e) => [e.manager, e.operation])).toEqual([
      ['mgr', 'Apply'],
      ['before-first-apply', 'Update'],
    ]);
  });
});

describe('applyPatch: interplay with updates', () => {
  it('conflicts with an edit that changed an applied field, until forced', () => {
    let live = stored(apply(null, cm({ key: 'v', other: 'o' }), 'kubectl'));
    live = updateManagedFields({ live, updated: { ...live, data: { key: 'edited', other: 'o' } }, manager: 'kubectl-edit', apiVersion: 'v1', now: t1 });
    expect(fieldsOf(live, 'kubectl')).toEqual({ 'f:data': { 'f:other': {} } });
    expect(fieldsOf(live, 'kubectl-edit', 'Update')).toEqual({ 'f:data': { 'f:key': {} } });
    // re-applying the unchanged manifest is fine: it does not touch the edited field...
    expect(apply(live, cm({ key: 'edited', other: 'o' }), 'mgr', t2).data).toEqual({ key: 'edited', other: 'o' });
    // ...but setting it back conflicts
    const err = statusOf(() => apply(live, cm({ key: 'v', other: 'o' }), 'kubectl', t2));
    expect(err.status.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-edit" using v1: .data.key');
    const forced = apply(live, cm({ key: 'v', other: 'o' }), 'kubectl', t2, { force: true });
    expect(forced.data).toEqual({ key: 'v', other: 'o' });
    expect(forced.metadata.managedFields?.map((e) => e.manager)).toEqual(['kubectl']);
  });

  it('answers 500 when the live object does not fit the list metadata', () => {
    const live: ApiObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'ns', managedFields: [] },
      spec: { containers: [{ image: 'no-name' }] },
    };
    const err = statusOf(() =>
      applyPatch({
        live,
        applied: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'x' }] } },
        manager: 'mgr',
        force: false,
        apiVersion: 'v1',
        now: t0,
        mergeKeys: { 'spec.containers': 'name' },
      }),
    );
    expect(err.status.code).toBe(500);
    expect(err.status.message).toMatch(/^failed to create typed live object \(ns\/p; \/v1, Kind=Pod\): \.spec\.containers: element 0: /);
  });
});

describe('applyPatch: lists and maps', () => {
  const keys = { 'spec.containers': 'name' };
  const deploy = (containers: unknown[], extra: Record<string, unknown> = {}): ApiObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd' },
    spec: { containers, ...extra },
  });
  const applyD = (live: ApiObject | null, applied: ApiObject, manager: string, now = t0, force = false) =>
    applyPatch({ live, applied, manager, force, apiVersion: 'apps/v1', now, mergeKeys: keys, kind: 'Deployment' });

  it('owns keyed list items with k: elements and merges items of other managers', () => {
    const live = stored(applyD(null, deploy([{ name: 'app', image: 'a:1' }]), 'one'));
    expect(fieldsOf(live, 'one')).toEqual({
      'f:spec': { 'f:containers': { 'k:{"name":"app"}': { '.': {}, 'f:image': {}, 'f:name': {} } } },
    });
    const out = applyD(live, deploy([{ name: 'sidecar', image: 's:1' }]), 'two', t1);
    expect((out.spec as { containers: unknown[] }).containers).toEqual([
      { name: 'app', image: 'a:1' },
      { name: 'sidecar', image: 's:1' },
    ]);
  });

  it('removes a list item its applier dropped and reports conflicts inside items', () => {
    let live = stored(applyD(null, deploy([{ name: 'app', image: 'a:1' }, { name: 'old', image: 'o:1' }]), 'one'));
    live = applyD(live, deploy([{ name: 'app', image: 'a:1' }]), 'one', t1);
    expect((live.spec as { containers: unknown[] }).containers).toEqual([{ name: 'app', image: 'a:1' }]);
    const err = statusOf(() => applyD(live, deploy([{ name: 'app', image: 'a:2' }]), 'two', t2));
    expect(err.status.message).toBe('Apply failed with 1 conflict: conflict with "one": .spec.containers[name="app"].image');
  });

  it('replaces atomic lists and owns them as a whole', () => {
    const live = stored(applyD(null, deploy([], { args: ['a', 'b'] }), 'one'));
    // an empty keyed list owns nothing; an atomic list is owned as a whole
    expect(fieldsOf(live, 'one')).toEqual({ 'f:spec': { 'f:args': {} } });
    const out = applyD(live, deploy([], { args: ['c'] }), 'one', t1);
    expect((out.spec as { args: string[] }).args).toEqual(['c']);
  });

  it('applies metadata.finalizers as a set with v: items', () => {
    const live = stored(apply(null, cm({}, { finalizers: ['a/x'] }), 'one'));
    expect(fieldsOf(live, 'one')).toEqual({ 'f:metadata': { 'f:finalizers': { 'v:"a/x"': {} } } });
    const out = apply(live, cm({}, { finalizers: ['b/y'] }), 'two', t1);
    expect(out.metadata.finalizers).toEqual(['a/x', 'b/y']);
  });

  it('keeps labels and annotations of different managers apart', () => {
    let live = stored(apply(null, cm({}, { labels: { a: '1' }, annotations: { note: 'n' } }), 'one'));
    live = apply(live, cm({}, { labels: { b: '2' } }), 'two', t1);
    expect(live.metadata.labels).toEqual({ a: '1', b: '2' });
    const out = apply(live, cm({}, { annotations: { note: 'n' } }), 'one', t2);
    expect(out.metadata.labels).toEqual({ b: '2' });
    expect(out.metadata.annotations).toEqual({ note: 'n' });
  });
});

describe('applyPatch: a Deployment with nested keyed lists', () => {
  const mergeKeys = {
    'spec.template.spec.containers': 'name',
    'spec.template.spec.containers.ports': 'containerPort,protocol=TCP',
    'spec.template.spec.containers.env': 'name',
  };
  const manifest = (image: string, env: Array<{ name: string; value: string }>): ApiObject => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      replicas: 2,
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image, ports: [{ containerPort: 80 }], env }] },
      },
    },
  });
  const run = (live: ApiObject | null, applied: ApiObject, now: Date) =>
    applyPatch({ live, applied, manager: 'kubectl', force: false, apiVersion: 'apps/v1', now, mergeKeys, kind: 'Deployment' });

  it('keys ports by containerPort and the defaulted protocol, and re-applies without change', () => {
    const live = stored(run(null, manifest('nginx:1', [{ name: 'A', value: '1' }]), t0));
    const fields = fieldsOf(live, 'kubectl') as Record<string, Record<string, Record<string, Record<string, Record<string, unknown>>>>>;
    const container = fields['f:spec']!['f:template']!['f:spec']!['f:containers']!['k:{"name":"web"}'] as Record<string, unknown>;
    expect(Object.keys(container)).toEqual(['.', 'f:env', 'f:image', 'f:name', 'f:ports']);
    expect(container['f:ports']).toEqual({ 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } });
    expect(run(live, manifest('nginx:1', [{ name: 'A', value: '1' }]), t1)).toEqual(live);
  });

  it('prunes an env entry dropped from the manifest and changes the image', () => {
    const live = stored(run(null, manifest('nginx:1', [{ name: 'A', value: '1' }, { name: 'B', value: '2' }]), t0));
    const out = run(live, manifest('nginx:2', [{ name: 'A', value: '1' }]), t1);
    const c = (out.spec as { template: { spec: { containers: Array<Record<string, unknown>> } } }).template.spec.containers[0]!;
    expect(c.image).toBe('nginx:2');
    expect(c.env).toEqual([{ name: 'A', value: '1' }]);
    expect((out.spec as { replicas: number }).replicas).toBe(2);
  });
});

describe('applyPatch: validation and special cases', () => {
  it('rejects a configuration of another apiVersion or kind', () => {
    const err = statusOf(() => apply(null, { ...cm({}), apiVersion: 'v2' }, 'mgr'));
    expect(err.status.code).toBe(400);
    expect(err.status.message).toBe('invalid object type: /v2, Kind=ConfigMap');
    const err2 = statusOf(() => apply(null, { ...cm({}), kind: 'Secret' }, 'mgr'));
    expect(err2.status.message).toBe('invalid object type: /v1, Kind=Secret');
  });

  it('rejects managedFields in the configuration', () => {
    const err = statusOf(() => apply(null, cm({}, { managedFields: [] }), 'mgr'));
    expect(err.status.message).toBe('metadata.managedFields must be nil');
  });

  it('rejects a name that differs from the URL', () => {
    const err = statusOf(() => apply(null, cm({}), 'mgr', t0, { name: 'y' }));
    expect(err.status.message).toBe('the name of the object (x) does not match the name on the URL (y)');
  });

  it('answers 500 for a keyed list item without its key', () => {
    const err = statusOf(() =>
      applyPatch({
        live: null,
        applied: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ image: 'x' }] } },
        manager: 'mgr',
        force: false,
        apiVersion: 'v1',
        now: t0,
        mergeKeys: { 'spec.containers': 'name' },
      }),
    );
    expect(err.status.code).toBe(500);
    expect(err.status.message).toContain('.spec.containers: element 0: associative list with keys has an element that omits key field "name"');
  });

  it('does not own ignored fields such as status', () => {
    const out = apply(null, { ...cm({ a: '1' }), status: { phase: 'x' } }, 'mgr', t0, { ignoredFields: ['status'] });
    expect(fieldsOf(out, 'mgr')).toEqual({ 'f:data': { 'f:a': {} } });
  });

  it('treats null in the configuration as unset', () => {
    const out = apply(null, { ...cm({ a: '1' }), extra: null }, 'mgr');
    expect('extra' in out).toBe(false);
  });

  it('records the subresource in the entry and in conflict messages', () => {
    const live = stored(apply(null, cm({ a: '1' }), 'kubelet', t0, { subresource: 'status' }));
    expect(live.metadata.managedFields?.[0]?.subresource).toBe('status');
    const err = statusOf(() => apply(live, cm({ a: '2' }), 'mgr', t1));
    expect(err.status.message).toBe('Apply failed with 1 conflict: conflict with "kubelet" with subresource "status": .data.a');
  });
});

describe('applyPatch: kubectl client-side apply takeover', () => {
  it('lets "kubectl" take fields described by the last-applied annotation and keeps it in sync', () => {
    const lastApplied = JSON.stringify(cm({ key: 'v' }));
    const created = updateManagedFields({
      live: null,
      updated: cm({ key: 'v' }, { annotations: { [lastAppliedAnnotation]: lastApplied } }),
      manager: 'kubectl-client-side-apply',
      apiVersion: 'v1',
      now: t0,
    });
    const out = apply(stored(created), cm({ key: 'v2' }), 'kubectl', t1);
    expect(out.data).toEqual({ key: 'v2' });
    expect(out.metadata.annotations?.[lastAppliedAnnotation]).toBe(
      '{"apiVersion":"v1","data":{"key":"v2"},"kind":"ConfigMap","metadata":{"name":"x","namespace":"default"}}\n',
    );
    expect(fieldsOf(out, 'kubectl')).toEqual({ 'f:data': { 'f:key': {} } });
  });

  it('still conflicts for other field managers', () => {
    const created = updateManagedFields({
      live: null,
      updated: cm({ key: 'v' }, { annotations: { [lastAppliedAnnotation]: JSON.stringify(cm({ key: 'v' })) } }),
      manager: 'kubectl-client-side-apply',
      apiVersion: 'v1',
      now: t0,
    });
    expect(statusOf(() => apply(stored(created), cm({ key: 'v2' }), 'other', t1)).status.code).toBe(409);
  });
});
