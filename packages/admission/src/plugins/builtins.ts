/**
 * The built-in plugins of this package as registry factories: NamespaceLifecycle,
 * ResourceQuota, AlwaysAdmit and AlwaysDeny. The dynamic ones (MutatingAdmissionWebhook,
 * ValidatingAdmissionWebhook, ValidatingAdmissionPolicy) need a server's configuration objects
 * and are registered by whoever assembles the server.
 *
 * @example
 * const registry = registerBuiltinPlugins(new AdmissionRegistry());
 * registry.defaultEnabled(); // ['NamespaceLifecycle', 'ResourceQuota']
 */
import type { AdmissionRegistry } from '../registry.js';
import { alwaysAdmit, alwaysDeny } from './always.js';
import { namespaceLifecycle, namespaceLifecyclePluginName } from './namespace-lifecycle.js';
import { parseResourceQuotaConfiguration, resourceQuota, resourceQuotaPluginName } from './resource-quota.js';

export function registerBuiltinPlugins(registry: AdmissionRegistry): AdmissionRegistry {
  registry.register(namespaceLifecyclePluginName, (_config, ctx) => namespaceLifecycle(ctx.objects));
  registry.register(resourceQuotaPluginName, (config, ctx) => resourceQuota(ctx.objects, parseResourceQuotaConfiguration(config)));
  registry.register('AlwaysAdmit', () => alwaysAdmit());
  registry.register('AlwaysDeny', () => alwaysDeny());
  return registry;
}
