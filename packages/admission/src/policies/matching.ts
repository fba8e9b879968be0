/**
 * Which requests a policy's matchConstraints (or a binding's matchResources) select, as kube's
 * policy matcher decides: the namespaceSelector, then the objectSelector, then
 * excludeResourceRules (a match excludes), then resourceRules (operations, API groups,
 * versions, resources including `*` and `*\/status`, scope, resourceNames). A binding without
 * resourceRules selects whatever its policy does. With matchPolicy Equivalent, a request also
 * matches through an equivalent resource (the same objects served under another group or
 * version) when the server names them; the matched resource and kind then become
 * `request.resource` and `request.kind`.
 *
 * @example
 * await matchResources(policy.spec.matchConstraints, attrs, { getNamespace }); // { resource, kind } | undefined
 */
import {
  type AdmissionAttributes,
  type ApiObject,
  type GroupVersionKind,
  type GroupVersionResource,
  type LabelSelector,
  type MetaV1LabelSelector,
  everythingLabelSelector,
  labelSelectorFromMetaV1,
} from '@apiserver-kit/core';
import { namespaceSelectorMatches, objectSelectorMatches, ruleMatches } from '../webhooks/matching.js';
import type { MatchResources, NamedRuleWithOperations } from './types.js';

export interface MatchedResource {
  resource: GroupVersionResource;
  kind: GroupVersionKind;
}

export interface MatchContext {
  getNamespace(name: string): ApiObject | undefined | Promise<ApiObject | undefined>;
  /** The other resources serving the request's objects (matchPolicy Equivalent); none by default. */
  equivalentResources?(attrs: AdmissionAttributes): readonly MatchedResource[];
}

function selector(sel: MetaV1LabelSelector | null | undefined): LabelSelector {
  return sel ? labelSelectorFromMetaV1(sel) : everythingLabelSelector();
}

function nameMatches(rule: NamedRuleWithOperations, attrs: AdmissionAttributes): boolean {
  return !rule.resourceNames?.length || rule.resourceNames.includes(attrs.name);
}

function matchesRules(
  rules: readonly NamedRuleWithOperations[],
  mr: MatchResources,
  attrs: AdmissionAttributes,
  ctx: MatchContext,
): MatchedResource | undefined {
  for (const rule of rules) if (ruleMatches(rule, attrs) && nameMatches(rule, attrs)) return { resource: attrs.resource, kind: attrs.kind };
  if (mr.matchPolicy !== 'Equivalent') return undefined;
  for (const eq of ctx.equivalentResources?.(attrs) ?? []) {
    const r = eq.resource;
    const own = attrs.resource;
    if (r.group === own.group && r.version === own.version && r.resource === own.resource) continue;
    const alt = { ...attrs, resource: eq.resource, kind: eq.kind };
    for (const rule of rules) if (ruleMatches(rule, alt) && nameMatches(rule, attrs)) return eq;
  }
  return undefined;
}

/**
 * The resource and kind the request matched as, or undefined when it is not selected. Throws
 * (a StatusError) when the request's namespace does not exist and a namespaceSelector needs it.
 */
export async function matchResources(
  mr: MatchResources | null | undefined,
  attrs: AdmissionAttributes,
  ctx: MatchContext,
  isBinding = false,
): Promise<MatchedResource | undefined> {
  const own = { resource: attrs.resource, kind: attrs.kind };
  if (!mr) return isBinding ? own : undefined;
  const lookup = async (name: string) => ctx.getNamespace(name);
  if (!(await namespaceSelectorMatches(selector(mr.namespaceSelector), attrs, lookup))) return undefined;
  if (!objectSelectorMatches(selector(mr.objectSelector), attrs)) return undefined;
  if (matchesRules(mr.excludeResourceRules ?? [], mr, attrs, ctx)) return undefined;
  if (isBinding && (mr.resourceRules === undefined || mr.resourceRules === null)) return own;
  return matchesRules(mr.resourceRules ?? [], mr, attrs, ctx);
}
