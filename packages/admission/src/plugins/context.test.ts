import { describe, expect, it } from 'vitest';
import { type ApiObject, errors } from '@apiserver-kit/core';
import { objectLookupFromRegistry, type StoreLike } from './context.js';

function fakeStore(items: ApiObject[], withCount: boolean): StoreLike {
  const store: StoreLike = {
    async get(namespace, name) {
      const hit = items.find((o) => o.metadata.name === name && (o.metadata.namespace ?? '') === namespace);
      if (!hit) throw errors.notFound({ group: '', resource: 'configmaps' }, name);
      return hit;
    },
    async list(namespace) {
      return { items: items.filter((o) => !namespace || o.metadata.namespace === namespace) };
    },
  };
  if (withCount) store.count = async () => 42;
  return store;
}

const items: ApiObject[] = [
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'x' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'y' } },
];

describe('objectLookupFromRegistry', () => {
  it('reads through the registry it is given, lazily', async () => {
    const late: { registry?: { store: (g: string, r: string) => StoreLike | undefined } } = {};
    const objects = objectLookupFromRegistry(() => late.registry!);
    late.registry = { store: (g, r) => (g === '' && r === 'configmaps' ? fakeStore(items, false) : undefined) };
    const gr = { group: '', resource: 'configmaps' };
    expect(await objects.get(gr, 'x', 'a')).toEqual(items[0]);
    expect(await objects.get(gr, 'x', 'b')).toBeUndefined();
    expect((await objects.list(gr, 'y')).map((o) => o.metadata.name)).toEqual(['b']);
    expect(await objects.count(gr, '')).toBe(2);
  });

  it('answers nothing for resources the registry does not serve, and uses a store count when there is one', async () => {
    const objects = objectLookupFromRegistry(() => ({ store: (_g, r) => (r === 'configmaps' ? fakeStore(items, true) : undefined) }));
    const missing = { group: 'apps', resource: 'deployments' };
    expect(await objects.get(missing, 'x', 'a')).toBeUndefined();
    expect(await objects.list(missing, 'x')).toEqual([]);
    expect(await objects.count(missing, 'x')).toBe(0);
    expect(await objects.count({ group: '', resource: 'configmaps' }, 'x')).toBe(42);
  });

  it('passes other read failures on', async () => {
    const failing: StoreLike = { get: () => Promise.reject(errors.internalError('disk on fire')), list: async () => ({ items: [] }) };
    const objects = objectLookupFromRegistry(() => ({ store: () => failing }));
    await expect(objects.get({ group: '', resource: 'configmaps' }, 'x', 'a')).rejects.toThrow('disk on fire');
  });
});
