/**
 * An RBAC data source kept current from a server's storage: list each RBAC kind, then watch
 * from the list's resourceVersion, applying every event to a MemoryRbacSource. A watch that
 * fails (a compacted resourceVersion answers 410) relists every kind and swaps the result in
 * at once. It reads through the small `ListWatcher` interface, so any store fits (kube-lite
 * adapts its ResourceStores; a test can adapt a MemoryStorage).
 *
 * @example
 * const rbac = await startWatchedRbacSource({ roles: lw('roles'), clusterRoles: lw('clusterroles'), ... });
 * const authz = rbacAuthorizer(rbac.source);
 * rbac.stop();
 */
import type { ApiObject, WatchEvent } from '@apiserver-kit/core';
import { MemoryRbacSource, type RbacObject } from './memory-source.js';

export interface ListWatcher {
  list(): Promise<{ items: ApiObject[]; resourceVersion: string }>;
  watch(resourceVersion: string, signal: AbortSignal): Promise<AsyncIterable<WatchEvent>>;
}

export interface RbacListWatchers {
  roles: ListWatcher;
  clusterRoles: ListWatcher;
  roleBindings: ListWatcher;
  clusterRoleBindings: ListWatcher;
}

export interface WatchedRbacSource {
  source: MemoryRbacSource;
  stop(): void;
}

export interface WatchedRbacOptions {
  /** Fill this source (e.g. one an authorizer already reads) rather than a new one. */
  source?: MemoryRbacSource;
  /** Called after every ClusterRole change (aggregation hooks in here). */
  onClusterRoleChange?(): void;
  onError?(err: unknown, kind: RbacObject['kind']): void;
}

type Kind = RbacObject['kind'];

/** Resolves once every kind is listed into the source; the watches then keep it current. */
export async function startWatchedRbacSource(lw: RbacListWatchers, options: WatchedRbacOptions = {}): Promise<WatchedRbacSource> {
  const source = options.source ?? new MemoryRbacSource();
  const stop = new AbortController();
  const kinds: Array<[Kind, ListWatcher]> = [
    ['ClusterRole', lw.clusterRoles],
    ['ClusterRoleBinding', lw.clusterRoleBindings],
    ['Role', lw.roles],
    ['RoleBinding', lw.roleBindings],
  ];
  const typed = (obj: ApiObject, kind: Kind) => ({ ...obj, kind }) as RbacObject;
  const versions = new Map<Kind, string>();

  const relistAll = async () => {
    const lists = await Promise.all(kinds.map(async ([kind, w]) => ({ kind, list: await w.list() })));
    source.clear();
    for (const { kind, list } of lists) {
      source.load(list.items.map((i) => typed(i, kind)));
      versions.set(kind, list.resourceVersion);
    }
    options.onClusterRoleChange?.();
  };

  const follow = async (kind: Kind, w: ListWatcher) => {
    while (!stop.signal.aborted) {
      try {
        const events = await w.watch(versions.get(kind) ?? '', stop.signal);
        for await (const ev of events) {
          if (ev.type === 'ERROR') throw new Error(`watch error: ${ev.object.message ?? ev.object.reason}`);
          if (ev.type === 'BOOKMARK') continue;
          versions.set(kind, ev.object.metadata.resourceVersion ?? versions.get(kind) ?? '');
          if (ev.type === 'DELETED') source.remove(typed(ev.object, kind));
          else source.add(typed(ev.object, kind));
          if (kind === 'ClusterRole') options.onClusterRoleChange?.();
        }
        if (stop.signal.aborted) return;
      } catch (err) {
        if (stop.signal.aborted) return;
        options.onError?.(err, kind);
        try {
          await relistAll();
        } catch (relistErr) {
          options.onError?.(relistErr, kind);
          await new Promise((r) => setTimeout(r, 1000).unref());
        }
      }
    }
  };

  await relistAll();
  for (const [kind, w] of kinds) void follow(kind, w);
  return { source, stop: () => stop.abort() };
}
