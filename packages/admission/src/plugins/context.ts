/**
 * An ObjectLookup over anything shaped like the server's resource registry
 * (`registry.store(group, resource)` giving `get` / `list` / `count`), so plugins read the
 * server's objects without importing the server. The registry is passed lazily because the
 * server builds it after taking the admission plugins.
 *
 * @example
 * let server: ApiServerHandler;
 * const objects = objectLookupFromRegistry(() => server.registry);
 * const chain = registry.build({ context: { objects } });
 * server = createApiServer({ storage, admission: chain });
 */
import { type ApiObject, type GroupResource, type ListOptions, hasReason } from '@apiserver-kit/core';
import type { ObjectLookup } from '../registry.js';

/** The part of a resource store a lookup needs (the server's ResourceStore fits). */
export interface StoreLike {
  get(namespace: string, name: string): Promise<ApiObject>;
  list(namespace: string, opts: ListOptions): Promise<{ items: ApiObject[] }>;
  count?(namespace?: string): Promise<number>;
}

export interface RegistryLike {
  store(group: string, resource: string): StoreLike | undefined;
}

export function objectLookupFromRegistry(registry: () => RegistryLike): ObjectLookup {
  const storeOf = (gr: GroupResource) => registry().store(gr.group, gr.resource);
  return {
    async get(gr, namespace, name) {
      const store = storeOf(gr);
      if (!store) return undefined;
      try {
        return await store.get(namespace, name);
      } catch (err) {
        if (hasReason(err, 'NotFound')) return undefined;
        throw err;
      }
    },
    async list(gr, namespace) {
      const store = storeOf(gr);
      return store ? (await store.list(namespace, {})).items : [];
    },
    async count(gr, namespace) {
      const store = storeOf(gr);
      if (!store) return 0;
      if (store.count) return store.count(namespace);
      return (await store.list(namespace, {})).items.length;
    },
  };
}
