/**
 * kube's ResourceQuota admission plugin, for object counts: a create in a namespace whose
 * ResourceQuotas limit `count/<resource>[.<group>]` (or a legacy name: `configmaps`, `secrets`,
 * `resourcequotas`, `replicationcontrollers`, `services`, `persistentvolumeclaims`, `pods`) is
 * refused once the namespace holds that many:
 *
 *   403 configmaps "x" is forbidden: exceeded quota: q, requested: count/configmaps=1,
 *       used: count/configmaps=2, limited: count/configmaps=2
 *
 * Usage is counted live through the ObjectLookup (kube reads status.used, which its quota
 * controller keeps), against each quota's spec.hard. Dry-run requests are checked too. With a
 * configuration listing `limitedResources`, creating such a resource needs a covering quota
 * (`insufficient quota to consume: count/configmaps`). Quotas with scopes do not limit object
 * counts (as kube's object-count evaluator); compute resources (cpu, memory) are not evaluated.
 *
 * @example
 * const quota = resourceQuota(objects, parseResourceQuotaConfiguration(config));
 * createApiServer({ storage, resources: [resourceQuotas], admission: { validating: [quota] } });
 */
import { type AdmissionAttributes, type ApiObject, type GroupResource, type ValidatingPlugin, formatGroupResource } from '@apiserver-kit/core';
import type { ObjectLookup } from '../registry.js';
import { admissionForbidden } from './forbidden.js';
import { formatQuantity, parseQuantity } from './quantity.js';
import { type ResourceQuotaConfiguration, parseResourceQuotaConfiguration } from './resource-quota-config.js';

export { type ResourceQuotaConfiguration, parseResourceQuotaConfiguration };

export const resourceQuotaPluginName = 'ResourceQuota';

const quotasResource: GroupResource = { group: '', resource: 'resourcequotas' };

/** kube's legacy object-count names (quota evaluators for the core group). */
const legacyAliases: Record<string, string> = {
  configmaps: 'configmaps',
  resourcequotas: 'resourcequotas',
  replicationcontrollers: 'replicationcontrollers',
  secrets: 'secrets',
  services: 'services',
  persistentvolumeclaims: 'persistentvolumeclaims',
  pods: 'pods',
};

/** Resources kube's quota never counts (virtual ones, and events). */
const ignoredResources = new Set([
  '/bindings',
  '/componentstatuses',
  'authentication.k8s.io/tokenreviews',
  'authentication.k8s.io/selfsubjectreviews',
  'authorization.k8s.io/subjectaccessreviews',
  'authorization.k8s.io/selfsubjectaccessreviews',
  'authorization.k8s.io/localsubjectaccessreviews',
  'authorization.k8s.io/selfsubjectrulesreviews',
  '/events',
  'events.k8s.io/events',
]);

/** kube's ObjectCountQuotaResourceNameFor: `count/configmaps`, `count/deployments.apps`. */
export function objectCountName(gr: GroupResource): string {
  return `count/${formatGroupResource(gr)}`;
}

/** The quota names a create of this resource consumes one of. */
export function quotaNamesFor(gr: GroupResource): string[] {
  const alias = gr.group === '' ? legacyAliases[gr.resource] : undefined;
  return alias ? [objectCountName(gr), alias] : [objectCountName(gr)];
}

type ResourceList = Record<string, unknown>;

function hardOf(quota: ApiObject): ResourceList {
  const spec = quota.spec as { hard?: unknown } | undefined | null;
  return spec?.hard && typeof spec.hard === 'object' ? (spec.hard as ResourceList) : {};
}

function hasScopes(quota: ApiObject): boolean {
  const spec = (quota.spec ?? {}) as { scopes?: unknown[] | null; scopeSelector?: { matchExpressions?: unknown[] | null } | null };
  return (spec.scopes?.length ?? 0) > 0 || (spec.scopeSelector?.matchExpressions?.length ?? 0) > 0;
}

function prettyPrint(list: Map<string, string>): string {
  return [...list.keys()]
    .sort()
    .map((k) => `${k}=${list.get(k)}`)
    .join(',');
}

async function usage(objects: ObjectLookup, gr: GroupResource, namespace: string): Promise<number> {
  if (gr.group === '' && gr.resource === 'pods') {
    // kube's pod evaluator counts pods that have not terminated.
    const pods = await objects.list(gr, namespace);
    return pods.filter((p) => {
      const phase = (p.status as { phase?: unknown } | undefined)?.phase;
      return phase !== 'Succeeded' && phase !== 'Failed';
    }).length;
  }
  return objects.count(gr, namespace);
}

function applies(a: AdmissionAttributes): boolean {
  if (a.operation !== 'CREATE' || a.subresource !== '' || !a.namespace) return false;
  if (a.kind.group === '' && a.kind.kind === 'Namespace') return false;
  return !ignoredResources.has(`${a.resource.group}/${a.resource.resource}`);
}

export function resourceQuota(objects: ObjectLookup, config: ResourceQuotaConfiguration = {}): ValidatingPlugin {
  const limited = config.limitedResources ?? [];
  return {
    name: resourceQuotaPluginName,
    handles: (op) => op === 'CREATE',
    async validate(a) {
      if (!applies(a)) return;
      const gr = { group: a.resource.group, resource: a.resource.resource };
      const names = quotaNamesFor(gr);
      const quotas = (await objects.list(quotasResource, a.namespace))
        .filter((q) => !hasScopes(q))
        .sort((x, y) => (x.metadata.name ?? '').localeCompare(y.metadata.name ?? ''));
      const relevant = quotas.filter((q) => names.some((n) => n in hardOf(q)));

      const mustCover = limited
        .filter((l) => (l.apiGroup ?? '') === gr.group && l.resource === gr.resource)
        .flatMap((l) => names.filter((n) => (l.matchContains ?? []).some((s) => n.includes(s))));
      const covered = new Set(relevant.flatMap((q) => names.filter((n) => n in hardOf(q))));
      const uncovered = [...new Set(mustCover.filter((n) => !covered.has(n)))].sort();
      if (uncovered.length > 0) throw admissionForbidden(a, `insufficient quota to consume: ${uncovered.join(',')}`);
      if (relevant.length === 0) return;

      const used = await usage(objects, gr, a.namespace);
      for (const quota of relevant) {
        const hard = hardOf(quota);
        const requested = new Map<string, string>();
        const usedNow = new Map<string, string>();
        const limits = new Map<string, string>();
        for (const n of names) {
          if (!(n in hard)) continue;
          const q = parseQuantity(hard[n]);
          if (!q || used + 1 <= q.value) continue;
          requested.set(n, '1');
          usedNow.set(n, formatQuantity(used));
          limits.set(n, formatQuantity(q.value, q.binary));
        }
        if (requested.size === 0) continue;
        throw admissionForbidden(
          a,
          `exceeded quota: ${quota.metadata.name ?? ''}, requested: ${prettyPrint(requested)}, used: ${prettyPrint(usedNow)}, limited: ${prettyPrint(limits)}`,
        );
      }
    },
  };
}
