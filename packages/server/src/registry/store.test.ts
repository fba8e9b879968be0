import { describe, expect, it } from 'vitest';
import { type ApiObject, type ResourceDefinition, hasReason } from '@apiserver-kit/core';
import { MemoryStorage } from '@apiserver-kit/storage';
import type { WriteContext } from './context.js';
import { ResourceStore } from './store.js';

const widgets: ResourceDefinition = {
  group: 'example.com',
  versions: ['v1'],
  kind: 'Widget',
  plural: 'widgets',
  namespaced: true,
  subresources: { status: true },
  strategy: { tracksGeneration: true },
};

function ctx(over: Partial<WriteContext> = {}): WriteContext {
  return {
    user: { name: 'tester', groups: [] },
    dryRun: false,
    fieldManager: 'test',
    fieldValidation: 'Strict',
    version: 'v1',
    subresource: '',
    now: new Date('2026-01-02T03:04:05Z'),
    warnings: [],
    ...over,
  };
}

const widget = (spec: unknown, status?: unknown): ApiObject => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w' },
  spec,
  ...(status === undefined ? {} : { status }),
});

describe('ResourceStore', () => {
  it('sets generation 1 on create and bumps it only when something besides metadata and status changes', async () => {
    const store = new ResourceStore(widgets, new MemoryStorage());
    const created = await store.create('ns', widget({ size: 1 }), ctx());
    expect(created.metadata.generation).toBe(1);
    expect(created.metadata.creationTimestamp).toBe('2026-01-02T03:04:05Z');
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);

    const labelled = await store.update('ns', 'w', {
      transform: async (cur) => ({ ...cur!, metadata: { ...cur!.metadata, labels: { a: 'b' } } }),
    }, ctx());
    expect(labelled.object.metadata.generation).toBe(1);
    expect(Number(labelled.object.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));

    const resized = await store.update('ns', 'w', { transform: async (cur) => ({ ...cur!, spec: { size: 2 } }) }, ctx());
    expect(resized.object.metadata.generation).toBe(2);
  });

  it('keeps status on main-resource updates and changes only status through /status', async () => {
    const store = new ResourceStore(widgets, new MemoryStorage());
    const created = await store.create('ns', widget({ size: 1 }, { ready: true }), ctx());
    expect(created.status).toBeUndefined();

    const viaStatus = await store.update('ns', 'w', {
      transform: async (cur) => ({ ...cur!, spec: { size: 99 }, status: { ready: true } }),
    }, ctx({ subresource: 'status' }));
    expect(viaStatus.object.status).toEqual({ ready: true });
    expect(viaStatus.object.spec).toEqual({ size: 1 });
    expect(viaStatus.object.metadata.generation).toBe(1);

    const viaMain = await store.update('ns', 'w', {
      transform: async (cur) => ({ ...cur!, spec: { size: 3 }, status: { ready: false } }),
    }, ctx());
    expect(viaMain.object.status).toEqual({ ready: true });
    expect(viaMain.object.spec).toEqual({ size: 3 });
  });

  it('rejects an update carrying a stale resourceVersion with kube\'s conflict message', async () => {
    const store = new ResourceStore(widgets, new MemoryStorage());
    const created = await store.create('ns', widget({ size: 1 }), ctx());
    await store.update('ns', 'w', { transform: async (cur) => ({ ...cur!, spec: { size: 2 } }) }, ctx());
    const stale = { ...created, spec: { size: 3 } };
    const err = await store.update('ns', 'w', { transform: async () => stale }, ctx()).catch((e: unknown) => e);
    expect(hasReason(err, 'Conflict')).toBe(true);
    expect((err as Error).message).toBe(
      'Operation cannot be fulfilled on widgets.example.com "w": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('holds an object with finalizers until they are cleared, then deletes it', async () => {
    const store = new ResourceStore(widgets, new MemoryStorage());
    const obj = widget({ size: 1 });
    obj.metadata.finalizers = ['example.com/hold'];
    await store.create('ns', obj, ctx());
    const first = await store.delete('ns', 'w', {}, ctx());
    expect(first.deleted).toBe(false);
    expect(first.object.metadata.deletionTimestamp).toBe('2026-01-02T03:04:05Z');
    const released = await store.update('ns', 'w', {
      transform: async (cur) => ({ ...cur!, metadata: { ...cur!.metadata, finalizers: [] } }),
    }, ctx());
    expect(released.object.metadata.name).toBe('w');
    const err = await store.get('ns', 'w').catch((e: unknown) => e);
    expect(hasReason(err, 'NotFound')).toBe(true);
  });

  it('stores nothing on a dry-run create, update or delete', async () => {
    const storage = new MemoryStorage();
    const store = new ResourceStore(widgets, storage);
    const dry = await store.create('ns', widget({ size: 1 }), ctx({ dryRun: true }));
    expect(dry.metadata.uid).toBeDefined();
    expect(await store.count()).toBe(0);
    await store.create('ns', widget({ size: 1 }), ctx());
    const rev = await storage.currentRevision();
    await store.update('ns', 'w', { transform: async (cur) => ({ ...cur!, spec: { size: 5 } }) }, ctx({ dryRun: true }));
    await store.delete('ns', 'w', {}, ctx({ dryRun: true }));
    expect(await storage.currentRevision()).toBe(rev);
    expect((await store.get('ns', 'w')).spec).toEqual({ size: 1 });
  });
});
