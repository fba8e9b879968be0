/**
 * The ResourceQuota plugin's configuration, as the admission configuration file carries it:
 * `apiserver.config.k8s.io/v1` ResourceQuotaConfiguration, or the older
 * `resourcequota.admission.k8s.io/v1beta1` / `v1alpha1` Configuration.
 *
 * @example
 * parseResourceQuotaConfiguration({
 *   apiVersion: 'apiserver.config.k8s.io/v1', kind: 'ResourceQuotaConfiguration',
 *   limitedResources: [{ resource: 'configmaps', matchContains: ['configmaps'] }],
 * });
 */
import { z } from 'zod';

const limitedResourceSchema = z.object({
  apiGroup: z.string().optional(),
  resource: z.string(),
  matchContains: z.array(z.string()).nullable().optional(),
  matchScopes: z.array(z.unknown()).nullable().optional(),
});

const configurationSchema = z.object({
  apiVersion: z.string(),
  kind: z.string(),
  limitedResources: z.array(limitedResourceSchema).nullable().optional(),
});

export interface LimitedResource {
  apiGroup?: string;
  resource: string;
  /** Quota names (`count/configmaps`, `configmaps`) containing one of these need a covering quota. */
  matchContains?: string[];
}

export interface ResourceQuotaConfiguration {
  limitedResources?: LimitedResource[];
}

const accepted = [
  ['apiserver.config.k8s.io/v1', 'ResourceQuotaConfiguration'],
  ['resourcequota.admission.k8s.io/v1beta1', 'Configuration'],
  ['resourcequota.admission.k8s.io/v1alpha1', 'Configuration'],
] as const;

/** Validate a configuration from `--admission-control-config-file`; undefined means the defaults. */
export function parseResourceQuotaConfiguration(config: unknown): ResourceQuotaConfiguration {
  if (config === undefined || config === null) return {};
  const parsed = configurationSchema.safeParse(config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`invalid ResourceQuota configuration: ${issue.path.join('.') || '<root>'}: ${issue.message}`);
  }
  const { apiVersion, kind } = parsed.data;
  if (!accepted.some(([v, k]) => v === apiVersion && k === kind)) {
    throw new Error(
      `no kind "${kind}" is registered for version "${apiVersion}": want ResourceQuotaConfiguration of apiserver.config.k8s.io/v1`,
    );
  }
  return {
    limitedResources: (parsed.data.limitedResources ?? []).map((l) => {
      const out: LimitedResource = { resource: l.resource };
      if (l.apiGroup) out.apiGroup = l.apiGroup;
      if (l.matchContains) out.matchContains = l.matchContains;
      return out;
    }),
  };
}
