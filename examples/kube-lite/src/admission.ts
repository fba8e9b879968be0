/**
 * kube-lite's admission chain, from kube-apiserver's flags: the admission package's registry
 * (NamespaceLifecycle, ResourceQuota, MutatingAdmissionWebhook, ValidatingAdmissionWebhook,
 * AlwaysAdmit, AlwaysDeny) with --enable/--disable-admission-plugins and
 * --admission-control-config-file, ValidatingAdmissionPolicy with one shared CEL engine, then the
 * RBAC escalation checks. Webhook configurations are
 * read from the server's own stores by informers, so a change takes effect on the next request.
 */
import {
  AdmissionRegistry,
  type PolicySource,
  type WebhookConfigSource,
  admissionPolicyResources,
  createCelEngine,
  validatingAdmissionPolicy,
  mutatingWebhooks,
  objectLookupFromRegistry,
  readAdmissionConfiguration,
  registerBuiltinPlugins,
  resourceQuotas,
  validatingWebhooks,
  webhookConfigurationResources,
} from '@apiserver-kit/admission';
import {
  type ApiObject,
  type MutatingPlugin,
  type ResourceDefinition,
  type ValidatingPlugin,
  hasReason,
} from '@apiserver-kit/core';
import type { ApiServerHandler, Logger } from '@apiserver-kit/server';
import type { AdmissionFlags } from './flags.js';
import { type Informer, startInformer } from './informer.js';

export interface Admission {
  mutating: MutatingPlugin[];
  validating: ValidatingPlugin[];
  resources: ResourceDefinition[];
  /** Start the informers the plugins read; resolves once they listed. */
  start(api: ApiServerHandler): Promise<void>;
  stop(): void;
}

const admissionGroup = 'admissionregistration.k8s.io';

export async function buildAdmission(flags: AdmissionFlags, extraValidating: ValidatingPlugin[], log: Logger): Promise<Admission> {
  let api: ApiServerHandler | undefined;
  const informers: { mutating?: Informer; validating?: Informer; policies?: Informer; bindings?: Informer } = {};
  const source: WebhookConfigSource = {
    mutating: () => (informers.mutating?.items() ?? []) as never,
    validating: () => (informers.validating?.items() ?? []) as never,
    // kube-lite serves requests only after start() listed the configurations; before that the
    // only writes are its own bootstrap (default namespaces, RBAC policy), admitted without
    // webhooks as none can be registered yet.
    ready: () => true,
  };
  const namespaceLookup = async (name: string): Promise<ApiObject | undefined> => {
    try {
      return await api!.registry.store('', 'namespaces')!.get('', name);
    } catch (err) {
      if (hasReason(err, 'NotFound')) return undefined;
      throw err;
    }
  };
  // One CEL engine (and its compile cache) for policies and webhook matchConditions.
  const engine = createCelEngine();
  const storeOfKind = (apiVersion: string, kind: string) => {
    const def = api!.registry.definitions.find(
      (d) => d.kind === kind && d.versions.some((v) => (d.group ? `${d.group}/${v}` : v) === apiVersion),
    );
    return def ? { def, store: api!.registry.store(def.group, def.plural)! } : undefined;
  };
  const policySource: PolicySource = {
    policies: () => (informers.policies?.items() ?? []) as never,
    bindings: () => (informers.bindings?.items() ?? []) as never,
    paramScope: (kind) => {
      const found = storeOfKind(kind.apiVersion, kind.kind);
      return found ? (found.def.namespaced ? 'Namespaced' : 'Cluster') : undefined;
    },
    getParam: async (kind, namespace, name) => {
      const found = storeOfKind(kind.apiVersion, kind.kind);
      if (!found) return undefined;
      try {
        return await found.store.get(namespace, name);
      } catch (err) {
        if (hasReason(err, 'NotFound')) return undefined;
        throw err;
      }
    },
    listParams: async (kind, namespace, selector) => {
      const found = storeOfKind(kind.apiVersion, kind.kind);
      return found ? (await found.store.list(namespace, { predicate: { label: selector } })).items : [];
    },
    getNamespace: namespaceLookup,
  };
  const registry = new AdmissionRegistry();
  registerBuiltinPlugins(registry);
  registry.register('MutatingAdmissionWebhook', () => mutatingWebhooks({ source, namespaceLookup, engine }));
  registry.register('ValidatingAdmissionWebhook', () => validatingWebhooks({ source, namespaceLookup, engine }));
  registry.register('ValidatingAdmissionPolicy', () => validatingAdmissionPolicy({ engine, source: policySource }), { defaultEnabled: true });
  const config = flags.configFile ? await readAdmissionConfiguration(flags.configFile) : undefined;
  const chain = registry.build({
    enable: flags.enable,
    disable: flags.disable,
    ...(config ? { configs: config.configs } : {}),
    context: { objects: objectLookupFromRegistry(() => api!.registry) },
  });
  log.info('admission plugins', { enabled: chain.names });
  return {
    mutating: chain.mutating,
    validating: [...chain.validating, ...extraValidating],
    resources: [resourceQuotas, ...webhookConfigurationResources, ...admissionPolicyResources({ engine })],
    async start(server) {
      api = server;
      const store = (resource: string) => server.registry.store(admissionGroup, resource)!;
      const onError = (err: unknown) => log.warn('admission informer restarted', { error: String(err) });
      informers.mutating = await startInformer(store('mutatingwebhookconfigurations'), onError);
      informers.validating = await startInformer(store('validatingwebhookconfigurations'), onError);
      informers.policies = await startInformer(store('validatingadmissionpolicies'), onError);
      informers.bindings = await startInformer(store('validatingadmissionpolicybindings'), onError);
    },
    stop() {
      for (const i of Object.values(informers)) i?.stop();
    },
  };
}
