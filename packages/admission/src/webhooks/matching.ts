/**
 * Which requests a webhook sees (apiserver's webhook predicates): its rules (operations, API
 * groups, versions, resources with subresources, scope), its namespaceSelector (against the
 * labels of the request's namespace; for namespaces themselves, against the object on create
 * and update) and its objectSelector (against the object's or the old object's labels). The
 * webhook configuration resources themselves are never sent to webhooks.
 *
 * @example
 * ruleMatches({ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods/status'] }, attrs);
 */
import { type AdmissionAttributes, type ApiObject, type LabelSelector, errors, isStatusError } from '@apiserver-kit/core';
import type { RuleWithOperations } from './types.js';

const exemptKinds = new Set([
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
]);

/** kube's IsExemptAdmissionConfigurationResource: admission configuration is never sent to webhooks. */
export function isExemptConfigurationResource(attrs: AdmissionAttributes): boolean {
  return attrs.kind.group === 'admissionregistration.k8s.io' && exemptKinds.has(attrs.kind.kind);
}

function isNamespaceResource(attrs: AdmissionAttributes): boolean {
  return attrs.resource.group === '' && attrs.resource.resource === 'namespaces';
}

/**
 * The request's namespace as kube's attributes carry it: for a namespace object itself that is
 * its own name (kube's request info sets it so), even when the server passed ''.
 */
export function effectiveNamespace(attrs: AdmissionAttributes): string {
  if (attrs.namespace === '' && isNamespaceResource(attrs) && attrs.subresource === '') return attrs.name;
  return attrs.namespace;
}

const exactOrWildcard = (items: readonly string[] | undefined, requested: string) =>
  (items ?? []).some((i) => i === '*' || i === requested);

function scopeMatches(rule: RuleWithOperations, attrs: AdmissionAttributes): boolean {
  const scope = rule.scope ?? '*';
  if (scope === '*') return true;
  const ns = isNamespaceResource(attrs) && attrs.resource.version === 'v1';
  const namespace = effectiveNamespace(attrs);
  if (scope === 'Namespaced') return !ns && namespace !== '';
  if (scope === 'Cluster') return ns || namespace === '';
  return false;
}

function resourceMatches(rule: RuleWithOperations, attrs: AdmissionAttributes): boolean {
  const { resource } = attrs.resource;
  for (const entry of rule.resources ?? []) {
    const slash = entry.indexOf('/');
    const res = slash < 0 ? entry : entry.slice(0, slash);
    const sub = slash < 0 ? '' : entry.slice(slash + 1);
    if ((res === '*' || res === resource) && (sub === '*' || sub === attrs.subresource)) return true;
  }
  return false;
}

/** Whether one rule matches the request (kube's rules.Matcher). */
export function ruleMatches(rule: RuleWithOperations, attrs: AdmissionAttributes): boolean {
  return (
    scopeMatches(rule, attrs) &&
    (rule.operations ?? []).some((op) => op === '*' || op === attrs.operation) &&
    exactOrWildcard(rule.apiGroups, attrs.resource.group) &&
    exactOrWildcard(rule.apiVersions, attrs.resource.version) &&
    resourceMatches(rule, attrs)
  );
}

/** Looks up a namespace object by name; undefined when it does not exist. */
export type NamespaceLookup = (name: string) => ApiObject | undefined | Promise<ApiObject | undefined>;

/**
 * Whether the namespaceSelector lets the request through. Cluster-scoped requests (other than
 * namespaces) always pass. A missing namespace is kube's 404 NotFound.
 */
export async function namespaceSelectorMatches(
  selector: LabelSelector,
  attrs: AdmissionAttributes,
  lookup: (name: string) => Promise<ApiObject | undefined>,
): Promise<boolean> {
  const namespace = effectiveNamespace(attrs);
  if (namespace === '' && !isNamespaceResource(attrs)) return true;
  if (selector.empty()) return true;
  if (isNamespaceResource(attrs) && attrs.subresource === '' && (attrs.operation === 'CREATE' || attrs.operation === 'UPDATE')) {
    return selector.matches(attrs.object?.metadata.labels ?? {});
  }
  let ns: ApiObject | undefined;
  try {
    ns = await lookup(namespace);
  } catch (err) {
    throw isStatusError(err) ? err : errors.internalError(err);
  }
  if (!ns) throw errors.notFound({ group: '', resource: 'namespaces' }, namespace);
  return selector.matches(ns.metadata.labels ?? {});
}

/** Whether the objectSelector matches the object or the old object. */
export function objectSelectorMatches(selector: LabelSelector, attrs: AdmissionAttributes): boolean {
  if (selector.empty()) return true;
  const matches = (o: ApiObject | undefined) => o !== undefined && o !== null && selector.matches(o.metadata?.labels ?? {});
  return matches(attrs.object) || matches(attrs.oldObject);
}
