/**
 * Namespace lifecycle: the default namespaces, the admission rule that content may only be
 * created in an existing, non-terminating namespace, and the controller that empties a
 * terminating namespace and then lets it go (kube's NamespaceLifecycle + namespace controller).
 */
import {
  type ApiObject,
  type ValidatingPlugin,
  Users,
  Groups,
  errors,
  hasReason,
} from '@apiserver-kit/core';
import type { Logger } from './logger.js';
import type { WriteContext } from './registry/context.js';
import type { ResourceRegistry } from './registry/registry.js';
import type { ResourceStore, StoreHooks } from './registry/store.js';

export const defaultNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

export function systemContext(version = 'v1'): WriteContext {
  return {
    user: { name: Users.apiserver, groups: [Groups.systemPrivileged] },
    dryRun: false,
    fieldManager: 'kube-apiserver',
    fieldValidation: 'Ignore',
    version,
    subresource: '',
    now: new Date(),
    warnings: [],
  };
}

/** Namespaces hold deletion for spec.finalizers too, and turn Terminating when it starts. */
export const namespaceHooks: StoreHooks = {
  pendingFinalizers: (obj) => [
    ...(obj.metadata.finalizers ?? []),
    ...(((obj.spec as { finalizers?: string[] } | undefined)?.finalizers) ?? []),
  ],
  onDeletionStart: (obj) => {
    obj.status = { ...((obj.status as object | undefined) ?? {}), phase: 'Terminating' };
  },
};

/** Refuses creates in a missing (404) or terminating (403) namespace. */
export function namespaceLifecycle(registry: () => ResourceRegistry): ValidatingPlugin {
  return {
    name: 'NamespaceLifecycle',
    handles: (op) => op === 'CREATE',
    async validate(a) {
      if (!a.namespace || (a.resource.group === '' && a.resource.resource === 'namespaces')) return;
      const namespaces = registry().store('', 'namespaces');
      if (!namespaces) return;
      let ns: ApiObject;
      try {
        ns = await namespaces.get('', a.namespace);
      } catch (err) {
        if (hasReason(err, 'NotFound')) throw errors.notFound({ group: '', resource: 'namespaces' }, a.namespace);
        throw err;
      }
      if (ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') {
        const err = errors.forbidden(
          { group: a.resource.group, resource: a.resource.resource },
          a.name,
          `unable to create new content in namespace ${a.namespace} because it is being terminated`,
        );
        // kube adds the NamespaceTerminating cause clients (controllers) look for.
        const cause = { reason: 'NamespaceTerminating', message: `namespace ${a.namespace} is being terminated`, field: 'metadata.namespace' };
        err.status.details = { ...err.status.details, causes: [...(err.status.details?.causes ?? []), cause] };
        throw err;
      }
    },
  };
}

export async function ensureNamespaces(store: ResourceStore, names: string[]): Promise<void> {
  for (const name of names) {
    try {
      await store.create('', { apiVersion: 'v1', kind: 'Namespace', metadata: { name } }, systemContext());
    } catch (err) {
      if (!hasReason(err, 'AlreadyExists')) throw err;
    }
  }
}

/**
 * Empties a terminating namespace: deletes every namespaced object in it, then clears
 * spec.finalizers so the namespace itself is removed.
 */
export async function finalizeNamespace(registry: ResourceRegistry, name: string, log: Logger): Promise<void> {
  const ctx = systemContext();
  for (const store of registry.stores()) {
    if (!store.def.namespaced) continue;
    const list = await store.list(name, {});
    for (const item of list.items) {
      try {
        await store.delete(name, item.metadata.name ?? '', {}, ctx);
      } catch (err) {
        if (!hasReason(err, 'NotFound')) log.warn('namespace cleanup failed', { namespace: name, resource: store.def.plural, error: String(err) });
      }
    }
  }
  const namespaces = registry.store('', 'namespaces')!;
  try {
    await namespaces.update('', name, {
      fieldsTracked: true,
      transform: async (cur) => {
        const next = cur!;
        next.spec = { ...((next.spec as object | undefined) ?? {}), finalizers: [] };
        return next;
      },
    }, { ...ctx, subresource: 'finalize' });
  } catch (err) {
    if (!hasReason(err, 'NotFound')) throw err;
  }
}

/** Watches namespaces and finalizes the terminating ones. Returns a stop function. */
export function startNamespaceController(registry: ResourceRegistry, log: Logger): () => void {
  const stop = new AbortController();
  const namespaces = registry.store('', 'namespaces');
  if (!namespaces) return () => {};
  const inFlight = new Set<string>();
  const handle = (ns: ApiObject) => {
    const name = ns.metadata.name ?? '';
    if (!ns.metadata.deletionTimestamp || inFlight.has(name)) return;
    inFlight.add(name);
    finalizeNamespace(registry, name, log)
      .catch((err: unknown) => log.error('namespace finalization failed', { namespace: name, error: String(err) }))
      .finally(() => inFlight.delete(name));
  };
  void (async () => {
    while (!stop.signal.aborted) {
      try {
        const w = await namespaces.watch('', '', { signal: stop.signal });
        for await (const ev of w) if (ev.type === 'ADDED' || ev.type === 'MODIFIED') handle(ev.object);
      } catch (err) {
        if (!stop.signal.aborted) log.warn('namespace controller watch restarted', { error: String(err) });
      }
      if (!stop.signal.aborted) await new Promise((r) => setTimeout(r, 200).unref());
    }
  })();
  return () => stop.abort();
}
