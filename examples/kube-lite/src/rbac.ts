/**
 * kube-lite's authorization: kube-apiserver's chain (system:masters first, then the
 * --authorization-mode list: RBAC, ABAC from --authorization-policy-file, Webhook from
 * --authorization-webhook-config-file, AlwaysAllow, AlwaysDeny), RBAC kept current from the
 * server's own storage by list + watch, the bootstrap policy created at first start,
 * ClusterRole aggregation, escalation prevention and the access review APIs.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  AggregationController,
  MemoryRbacSource,
  type ListWatcher,
  type RulesLister,
  abacAuthorizer,
  accessReviewResources,
  alwaysAllow,
  alwaysDeny,
  bootstrapPolicy,
  loadWebhookAuthorizerConfig,
  parseAbacPolicyFile,
  privilegedGroups,
  rbacAuthorizer,
  rbacEscalationCheck,
  rbacResources,
  startWatchedRbacSource,
  webhookAuthorizer,
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
import type { AuthorizationConfig, AuthorizationMode } from './flags.js';

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
async function createIfMissing(store: ResourceStore, obj: ApiObject): Promise<void> {
  try {
    await store.create(obj.metadata.namespace ?? '', obj, systemContext('v1'));
  } catch (err) {
    if (!hasReason(err, 'AlreadyExists')) throw err;
  }
}

/** One mode's authorizer, and its rules for SelfSubjectRulesReview when it can list them. */
function modeAuthorizer(
  mode: AuthorizationMode,
  rbac: Authorizer & RulesLister,
  config: Partial<AuthorizationConfig>,
  log: Logger,
): { authorizer: Authorizer; lister?: RulesLister } {
  switch (mode) {
    case 'RBAC':
      return { authorizer: rbac, lister: rbac };
    case 'ABAC': {
      if (!config.policyFile) throw new Error("authorization-mode ABAC's authorization policy file not passed");
      const abac = abacAuthorizer(parseAbacPolicyFile(readFileSync(config.policyFile, 'utf8'), config.policyFile));
      return { authorizer: abac, lister: abac };
    }
    case 'Webhook': {
      const file = config.webhookConfigFile;
      if (!file) throw new Error("authorization-mode Webhook's authorization config file not passed");
      const webhook = webhookAuthorizer({
        ...loadWebhookAuthorizerConfig(readFileSync(file, 'utf8'), { baseDir: dirname(file) }),
        version: config.webhookVersion ?? 'v1',
        allowCacheTTL: (config.webhookCacheAuthorizedTTLSeconds ?? 300) * 1000,
        denyCacheTTL: (config.webhookCacheUnauthorizedTTLSeconds ?? 30) * 1000,
        // kube-apiserver's flags fail open: the next authorizer decides.
        failurePolicy: 'NoOpinion',
        onError: (err) => log.warn('Failed to make webhook authorizer request', { error: err.message }),
      });
      return { authorizer: webhook, lister: webhook };
    }
    case 'AlwaysAllow':
      return { authorizer: alwaysAllow() };
    case 'AlwaysDeny':
      return { authorizer: alwaysDeny() };
  }
}

/** kube's union rule resolver: every lister's rules and errors, in mode order. */
function unionListers(listers: RulesLister[]): RulesLister {
  return {
    rulesFor(user, namespace) {
      const out: ReturnType<RulesLister['rulesFor']> = { rules: [], errors: [] };
      for (const l of listers) {
        const r = l.rulesFor(user, namespace);
        out.rules.push(...r.rules);
        out.errors.push(...r.errors);
      }
      return out;
    },
  };
}

/** The authorizer chain of `modes`; reads the ABAC policy and webhook kubeconfig files the modes need. */
export function buildAuthorization(modes: AuthorizationMode[], log: Logger, config: Partial<AuthorizationConfig> = {}): Authorization {
  const source = new MemoryRbacSource();
  const rbac = rbacAuthorizer(source);
  const chain: Authorizer[] = [privilegedGroups(Groups.systemPrivileged)];
  const listers: RulesLister[] = [];
  for (const m of modes) {
    const { authorizer: a, lister } = modeAuthorizer(m, rbac, config, log);
    chain.push(a);
    if (lister) listers.push(lister);
  }
  const authorizer = unionAuthorizers(...chain);
  const stop = new AbortController();
  const usesRbac = modes.includes('RBAC');
  return {
    authorizer,
    resources: rbacResources,
    validating: usesRbac ? [rbacEscalationCheck({ resolver: rbac.resolver, authorizer })] : [],
    virtualResources: accessReviewResources(authorizer, unionListers(listers)),
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
      const listWatcher = (resource: string): ListWatcher => ({
        async list() {
          const l = await store(resource).list('', {});
          return { items: l.items, resourceVersion: l.metadata.resourceVersion ?? '' };
        },
        watch: (resourceVersion, signal) =>
          store(resource).watch('', '', { signal, ...(resourceVersion ? { resourceVersion } : {}) }),
      });
      const watched = await startWatchedRbacSource(
        {
          roles: listWatcher('roles'),
          clusterRoles: listWatcher('clusterroles'),
          roleBindings: listWatcher('rolebindings'),
          clusterRoleBindings: listWatcher('clusterrolebindings'),
        },
        {
          source,
          onClusterRoleChange: () => aggregation.onClusterRoleChange(),
          onError: (err, kind) => log.warn('rbac watch restarted', { kind, error: String(err) }),
        },
      );
      stop.signal.addEventListener('abort', () => watched.stop(), { once: true });
      stop.signal.addEventListener('abort', () => aggregation.close(), { once: true });
      await aggregation.flush();
    },
  };
}
