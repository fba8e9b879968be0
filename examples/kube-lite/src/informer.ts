/**
 * A minimal informer over one of the server's resource stores: list, then watch from the
 * list's resourceVersion, keeping a map of the current objects; a failed watch (410 after
 * compaction) relists. Admission sources (webhook configurations, admission policies) read
 * from these, so a configuration change takes effect on the next request.
 *
 * @example
 * const configs = await startInformer(api.registry.store('admissionregistration.k8s.io', 'validatingwebhookconfigurations')!);
 * configs.items(); // the current objects
 * configs.stop();
 */
import type { ApiObject } from '@apiserver-kit/core';
import type { ResourceStore } from '@apiserver-kit/server';

export interface Informer {
  items(): ApiObject[];
  get(namespace: string, name: string): ApiObject | undefined;
  /** Bumped on every change; cheap to compare for caches. */
  readonly revision: number;
  onChange(fn: () => void): void;
  stop(): void;
}

const keyOf = (obj: ApiObject) => `${obj.metadata.namespace ?? ''}/${obj.metadata.name ?? ''}`;

export async function startInformer(store: ResourceStore, onError: (err: unknown) => void = () => {}): Promise<Informer> {
  const objects = new Map<string, ApiObject>();
  const listeners: Array<() => void> = [];
  const stop = new AbortController();
  let revision = 0;
  let rv = '';
  const changed = () => {
    revision++;
    for (const fn of listeners) fn();
  };
  const relist = async () => {
    const list = await store.list('', {});
    objects.clear();
    for (const item of list.items) objects.set(keyOf(item), item);
    rv = list.metadata.resourceVersion ?? '';
    changed();
  };
  await relist();
  void (async () => {
    while (!stop.signal.aborted) {
      try {
        const w = await store.watch('', '', { signal: stop.signal, ...(rv ? { resourceVersion: rv } : {}) });
        for await (const ev of w) {
          if (ev.type === 'ERROR') throw new Error(`watch error: ${ev.object.message ?? ''}`);
          if (ev.type === 'BOOKMARK') continue;
          rv = ev.object.metadata.resourceVersion ?? rv;
          if (ev.type === 'DELETED') objects.delete(keyOf(ev.object));
          else objects.set(keyOf(ev.object), ev.object);
          changed();
        }
      } catch (err) {
        if (stop.signal.aborted) return;
        onError(err);
        await relist().catch(onError);
      }
    }
  })();
  return {
    items: () => [...objects.values()],
    get: (namespace, name) => objects.get(`${namespace}/${name}`),
    get revision() {
      return revision;
    },
    onChange: (fn) => void listeners.push(fn),
    stop: () => stop.abort(),
  };
}
