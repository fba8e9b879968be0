/**
 * kube-lite's authorization: kube-apiserver's chain (system:masters first, then the
 * --authorization-mode list), RBAC kept current from the server's own storage by list + watch,
 * the bootstrap policy created at first start, ClusterRole aggregation, escalation prevention
 * and the access review APIs.
 */
import {
  AggregationController,
  MemoryRbacSource,
  type RbacObject,
  accessReviewResources,
  alwaysAllow,
  alwaysDeny,
  bootstrapPolicy,
  privilegedGroups,
  rbacAuthorizer,
  rbacEscalationCheck,
  rbacResources,
} from '@apiserver-kit/authz';
import {
  type ApiObject,
  type Authorizer,
  type ResourceDefinition,
  type ValidatingPlugin,
  type VirtualResource,
  Groups,
  hasReason,
  unionAuthorizers,
} from '@apiserver-kit/core';
import { type ApiServerHandler, type Logger, type ResourceStore, systemContext } from '@apiserver-kit/server';
import type { AuthorizationMode } from './flags.js';

export type { AuthorizationMode } from './flags.js';

export interface Authorization {
  authorizer: Authorizer;
  resources: ResourceDefinition[];
  validating: ValidatingPlugin[];
  virtualResources: VirtualResource[];
  /** Create the bootstrap policy and start feeding RBAC from storage; resolves once in sync. */
  start(api: ApiServerHandler): Promise<void>;
  stop(): void;
}

const rbacGroup = 'rbac.authorization.k8s.io';
const kinds: Array<[string, RbacObject['kind']]> = [
  ['clusterroles', 'ClusterRole'],
  ['clusterrolebindings', 'ClusterRoleBinding'],
  ['roles', 'Role'],
  ['rolebindings', 'RoleBinding'],
];

async function createIfMissing(store: ResourceStore, obj: ApiObject): Promise<void> {
  try {
    await store.create(obj.metadata.namespace ?? '', obj, systemContext('v1'));
  } catch (err) {
    if (!hasReason(err, 'AlreadyExists')) throw err;
  }
}

export function buildAuthorization(modes: AuthorizationMode[], log: Logger): Authorization {
  const source = new MemoryRbacSource();
  const rbac = rbacAuthorizer(source);
  const chain: Authorizer[] = [privilegedGroups(Groups.systemPrivileged)];
  for (const m of modes) chain.push(m === 'RBAC' ? rbac : m === 'AlwaysAllow' ? alwaysAllow() : alwaysDeny());
  const authorizer = unionAuthorizers(...chain);
  const stop = new AbortController();
  const usesRbac = modes.includes('RBAC');
  return {
    authorizer,
    resources: rbacResources,
    validating: usesRbac ? [rbacEscalationCheck({ resolver: rbac.resolver, authorizer })] : [],
    virtualResources: accessReviewResources(authorizer, rbac),
    stop: () => stop.abort(),
    async start(api) {
      const store = (resource: string) => api.registry.store(rbacGroup, resource)!;
      if (usesRbac) {
        const boot = bootstrapPolicy();
        for (const role of boot.clusterRoles) await createIfMissing(store('clusterroles'), role as unknown as ApiObject);
        for (const b of boot.clusterRoleBindings) await createIfMissing(store('clusterrolebindings'), b as unknown as ApiObject);
      }
      const aggregation = new AggregationController({
        source,
        update: async (name, rules) => {
          await store('clusterroles').update('', name, { transform: async (cur) => ({ ...cur!, rules }) }, systemContext('v1'));
        },
        onError: (err) => log.warn('clusterrole aggregation failed', { error: String(err) }),
      });
      for (const [resource, kind] of kinds) {
        const s = store(resource);
        const list = await s.list('', {});
        for (const item of list.items) source.add({ ...item, kind } as RbacObject);
        void (async () => {
          let rv = list.metadata.resourceVersion;
          while (!stop.signal.aborted) {
            try {
              const w = await s.watch('', '', { signal: stop.signal, ...(rv ? { resourceVersion: rv } : {}) });
              for await (const ev of w) {
                if (ev.type === 'ERROR' || ev.type === 'BOOKMARK') continue;
                rv = ev.object.metadata.resourceVersion;
                const obj = { ...ev.object, kind } as RbacObject;
                if (ev.type === 'DELETED') source.remove(obj);
                else source.add(obj);
                if (kind === 'ClusterRole') aggregation.onClusterRoleChange();
              }
            } catch (err) {
              if (stop.signal.aborted) return;
              // A compacted resourceVersion: relist everything and swap it in at once.
              log.warn('rbac watch restarted', { resource, error: String(err) });
              const lists = await Promise.all(kinds.map(async ([r, k]) => ({ k, list: await store(r).list('', {}) })));
              source.clear();
              for (const { k, list: l } of lists) source.load(l.items.map((i) => ({ ...i, kind: k }) as RbacObject));
              rv = lists.find((l) => l.k === kind)?.list.metadata.resourceVersion;
            }
          }
        })();
      }
      stop.signal.addEventListener('abort', () => aggregation.close(), { once: true });
      await aggregation.flush();
    },
  };
}
