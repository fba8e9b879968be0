/**
 * PolicyRule matching with kube-apiserver's exact semantics (pkg/apis/rbac/v1
 * evaluation_helpers.go, plugin/pkg/auth/authorizer/rbac RuleAllows), and the "covers" check
 * behind escalation prevention (k8s.io/component-helpers/auth/rbac/validation Covers).
 *
 * - verbs and apiGroups: `*` or an exact match.
 * - resources: `*` matches every resource and every subresource; otherwise the rule entry must
 *   equal `<resource>` (no subresource) or `<resource>/<subresource>`, or be a star followed by
 *   `/<subresource>` (that subresource of any resource, e.g. a star then `/scale`).
 *   A plain `pods` does not cover `pods/log`, and `pods/*` is not a wildcard.
 * - resourceNames: empty means every name; otherwise the request's name must be listed, so a
 *   list, watch or create without a name never matches a rule with resourceNames.
 * - nonResourceURLs: `*`, an exact path, or a prefix ending in `*` (`/apis/*` covers `/apis/v1`
 *   but not `/apis`); only for non-resource requests.
 *
 * @example
 * ruleAllows({ isResourceRequest: true, verb: 'get', apiGroup: '', resource: 'pods', subresource: 'log', name: 'p', path: '' },
 *   { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }); // true
 * covers([{ verbs: ['*'], apiGroups: [''], resources: ['pods'] }], [{ verbs: ['get'], apiGroups: [''], resources: ['pods', 'secrets'] }]);
 * // { covered: false, missing: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] }
 */
import type { AuthorizationAttributes } from '@apiserver-kit/core';
import { goQuoteList } from './go-format.js';
import type { PolicyRule } from './rbac-types.js';

/** The attributes rule matching reads. */
export type RuleAttributes = Pick<
  AuthorizationAttributes,
  'verb' | 'isResourceRequest' | 'apiGroup' | 'resource' | 'subresource' | 'name' | 'path'
>;

const none: readonly string[] = [];
const list = (v: readonly string[] | null | undefined): readonly string[] => v ?? none;

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  for (const v of list(rule.verbs)) if (v === '*' || v === verb) return true;
  return false;
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  for (const g of list(rule.apiGroups)) if (g === '*' || g === group) return true;
  return false;
}

/** `combined` is `resource` or `resource/subresource`. */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of list(rule.resources)) {
    if (r === '*' || r === combined) return true;
    if (subresource && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = list(rule.resourceNames);
  return names.length === 0 || names.includes(name);
}

/** Go's strings.TrimRight(s, "*"). */
function trimStars(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === '*') end--;
  return s.slice(0, end);
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of list(rule.nonResourceURLs)) {
    if (u === '*' || u === path) return true;
    if (u.endsWith('*') && path.startsWith(trimStars(u))) return true;
  }
  return false;
}

/** Whether one rule allows the request (kube's RuleAllows). */
export function ruleAllows(attrs: RuleAttributes, rule: PolicyRule): boolean {
  if (attrs.isResourceRequest) {
    const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
    return (
      verbMatches(rule, attrs.verb) &&
      apiGroupMatches(rule, attrs.apiGroup) &&
      resourceMatches(rule, combined, attrs.subresource) &&
      resourceNameMatches(rule, attrs.name)
    );
  }
  return verbMatches(rule, attrs.verb) && nonResourceURLMatches(rule, attrs.path);
}

/** Whether any of the rules allows the request (kube's RulesAllow). */
export function rulesAllow(attrs: RuleAttributes, rules: readonly PolicyRule[]): boolean {
  return rules.some((r) => ruleAllows(attrs, r));
}

/**
 * One rule as equivalent rules of one group, resource, verb and (when it has any) resource
 * name each, and one per non-resource URL and verb (kube's BreakdownRule).
 */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of list(rule.apiGroups))
    for (const resource of list(rule.resources))
      for (const verb of list(rule.verbs)) {
        const names = list(rule.resourceNames);
        if (names.length > 0)
          for (const name of names) out.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
        else out.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
      }
  for (const url of list(rule.nonResourceURLs))
    for (const verb of list(rule.verbs)) out.push({ nonResourceURLs: [url], verbs: [verb] });
  return out;
}

function hasAll(set: readonly string[], wanted: readonly string[]): boolean {
  return wanted.every((w) => set.includes(w));
}

function resourcesCoverAll(owned: readonly string[], wanted: readonly string[]): boolean {
  if (owned.includes('*') || hasAll(owned, wanted)) return true;
  for (const path of wanted) {
    if (owned.includes(path)) continue;
    const slash = path.indexOf('/');
    if (slash < 0) return false;
    if (!owned.includes(`*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

/** Whether an owned non-resource URL covers a requested one (kube's nonResourceURLCovers). */
export function nonResourceURLCovers(owner: string, requested: string): boolean {
  if (owner === requested) return true;
  return owner.endsWith('*') && requested.startsWith(trimStars(owner));
}

/**
 * Whether `owner` covers `sub`, a rule of at most one verb, resource and resource name (a
 * piece of breakdownRule). Stars cover enumerations, never the other way round.
 */
export function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const ownerVerbs = list(owner.verbs);
  const ownerGroups = list(owner.apiGroups);
  const ownerNames = list(owner.resourceNames);
  const subNames = list(sub.resourceNames);
  const verbs = ownerVerbs.includes('*') || hasAll(ownerVerbs, list(sub.verbs));
  const groups = ownerGroups.includes('*') || hasAll(ownerGroups, list(sub.apiGroups));
  const resources = resourcesCoverAll(list(owner.resources), list(sub.resources));
  const urls = list(sub.nonResourceURLs).every((u) => list(owner.nonResourceURLs).some((o) => nonResourceURLCovers(o, u)));
  const names = subNames.length === 0 ? ownerNames.length === 0 : ownerNames.length === 0 || hasAll(ownerNames, subNames);
  return verbs && groups && resources && names && urls;
}

export interface CoversResult {
  covered: boolean;
  /** The broken-down pieces of the requested rules that no owned rule covers. */
  missing: PolicyRule[];
}

/** Whether the owner's rules cover every requested rule (kube's validation.Covers). */
export function covers(ownerRules: readonly PolicyRule[], requested: readonly PolicyRule[]): CoversResult {
  const missing: PolicyRule[] = [];
  for (const rule of requested)
    for (const sub of breakdownRule(rule)) if (!ownerRules.some((o) => ruleCovers(o, sub))) missing.push(sub);
  return { covered: missing.length === 0, missing };
}

/** kube's CompactString: `{APIGroups:["apps"], Resources:["deployments"], Verbs:["get"]}`. */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  const add = (label: string, v: readonly string[] | null | undefined) => {
    if (v && v.length > 0) parts.push(`${label}:${goQuoteList(v)}`);
  };
  add('APIGroups', rule.apiGroups);
  add('Resources', rule.resources);
  add('NonResourceURLs', rule.nonResourceURLs);
  add('ResourceNames', rule.resourceNames);
  add('Verbs', rule.verbs);
  return `{${parts.join(', ')}}`;
}

/**
 * Merge rules of one group and one resource that differ only by verb (kube's CompactRules);
 * other rules pass through. Used to shorten escalation messages.
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const out: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const isSimple =
      list(rule.resourceNames).length === 0 &&
      list(rule.nonResourceURLs).length === 0 &&
      list(rule.apiGroups).length === 1 &&
      list(rule.resources).length === 1;
    if (!isSimple) {
      out.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups![0], rule.resources![0]]);
    const existing = simple.get(key);
    if (existing) existing.verbs = [...existing.verbs, ...list(rule.verbs)];
    else simple.set(key, { apiGroups: [...rule.apiGroups!], resources: [...rule.resources!], verbs: [...list(rule.verbs)] });
  }
  return [...out, ...simple.values()];
}
