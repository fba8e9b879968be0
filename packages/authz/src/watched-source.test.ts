import { describe, expect, it } from 'vitest';
import { type ApiObject, errors } from '@apiserver-kit/core';
import { MemoryStorage } from '@apiserver-kit/storage';
import { rbacAuthorizer } from './rbac-authorizer.js';
import { type ListWatcher, startWatchedRbacSource } from './watched-source.js';

const rbac = 'rbac.authorization.k8s.io';

function listWatcher(storage: MemoryStorage, prefix: string): ListWatcher {
  return {
    async list() {
      const l = await storage.list(prefix);
      return { items: l.items, resourceVersion: l.resourceVersion };
    },
    async watch(resourceVersion, signal) {
      return storage.watch(prefix, { recursive: true, resourceVersion, signal });
    },
  };
}

function setup(storage: MemoryStorage, onClusterRoleChange?: () => void) {
  return startWatchedRbacSource(
    {
      roles: listWatcher(storage, '/rbac/roles/'),
      clusterRoles: listWatcher(storage, '/rbac/clusterroles/'),
      roleBindings: listWatcher(storage, '/rbac/rolebindings/'),
      clusterRoleBindings: listWatcher(storage, '/rbac/clusterrolebindings/'),
    },
    onClusterRoleChange ? { onClusterRoleChange } : {},
  );
}

const role: ApiObject = { apiVersion: `${rbac}/v1`, kind: 'Role', metadata: { name: 'reader', namespace: 'dev' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] };
const binding: ApiObject = {
  apiVersion: `${rbac}/v1`,
  kind: 'RoleBinding',
  metadata: { name: 'alice-reads', namespace: 'dev' },
  roleRef: { apiGroup: rbac, kind: 'Role', name: 'reader' },
  subjects: [{ kind: 'User', apiGroup: rbac, name: 'alice' }],
};
const ask = { user: { name: 'alice', groups: [] }, verb: 'get', isResourceRequest: true, path: '', namespace: 'dev', apiGroup: '', apiVersion: 'v1', resource: 'pods', subresource: '', name: 'p' };

/** Resolves once `fn` holds; re-checks on every turn of the event loop, failing after a bound. */
async function eventually(fn: () => Promise<boolean>, turns = 5000): Promise<void> {
  for (let i = 0; i < turns; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error('condition never held');
}

describe('startWatchedRbacSource', () => {
  it('lists what exists before resolving, then follows creates and deletes', async () => {
    const storage = new MemoryStorage();
    await storage.create('/rbac/roles/dev/reader', role);
    const w = await setup(storage);
    const authz = rbacAuthorizer(w.source);
    try {
      expect((await authz.authorize(ask)).decision).toBe('NoOpinion');
      const allowed = eventually(async () => (await authz.authorize(ask)).decision === 'Allow');
      await storage.create('/rbac/rolebindings/dev/alice-reads', binding);
      await allowed;
      const revoked = eventually(async () => (await authz.authorize(ask)).decision === 'NoOpinion');
      await storage.delete('/rbac/rolebindings/dev/alice-reads');
      await revoked;
    } finally {
      w.stop();
    }
  });

  it('relists every kind when a watch fails (a compacted revision), and tells about ClusterRole changes', async () => {
    const storage = new MemoryStorage();
    let lists = 0;
    let failOnce = true;
    const inner = listWatcher(storage, '/rbac/rolebindings/');
    const flaky: ListWatcher = {
      async list() {
        lists++;
        return inner.list();
      },
      async watch(rv, signal) {
        if (failOnce) {
          failOnce = false;
          // Meanwhile the binding was written: only a relist can find it.
          await storage.create('/rbac/rolebindings/dev/alice-reads', binding);
          throw errors.tooOldResourceVersion(Number(rv), Number(rv) + 1);
        }
        return inner.watch(rv, signal);
      },
    };
    await storage.create('/rbac/roles/dev/reader', role);
    let changes = 0;
    const errs: unknown[] = [];
    const w = await startWatchedRbacSource(
      {
        roles: listWatcher(storage, '/rbac/roles/'),
        clusterRoles: listWatcher(storage, '/rbac/clusterroles/'),
        roleBindings: flaky,
        clusterRoleBindings: listWatcher(storage, '/rbac/clusterrolebindings/'),
      },
      { onClusterRoleChange: () => changes++, onError: (e) => errs.push(e) },
    );
    const authz = rbacAuthorizer(w.source);
    try {
      await eventually(async () => (await authz.authorize(ask)).decision === 'Allow');
      expect(lists).toBe(2);
      expect(errs).toHaveLength(1);
      const before = changes;
      await storage.create('/rbac/clusterroles/x', { apiVersion: `${rbac}/v1`, kind: 'ClusterRole', metadata: { name: 'x' }, rules: [] });
      await eventually(async () => changes > before);
    } finally {
      w.stop();
    }
  });
});
