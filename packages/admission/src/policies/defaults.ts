/**
 * kube's v1 defaults (pkg/apis/admissionregistration/v1/defaults.go) for policies and
 * bindings: failurePolicy Fail; in matchConstraints / matchResources, matchPolicy Equivalent
 * and empty (match-everything) namespace and object selectors; every rule's scope `*`.
 * parameterNotFoundAction has no default in v1 (validation requires it).
 *
 * @example
 * defaultPolicy(obj); // obj.spec.failurePolicy === 'Fail'
 */
import { isRecord } from '@apiserver-kit/core';
import type { ApiObject } from '@apiserver-kit/core';

function defaultRules(rules: unknown): void {
  if (!Array.isArray(rules)) return;
  for (const r of rules) if (isRecord(r) && (r.scope === undefined || r.scope === null)) r.scope = '*';
}

/** SetDefaults_MatchResources (and SetDefaults_Rule of its rules). */
export function defaultMatchResources(mr: unknown): void {
  if (!isRecord(mr)) return;
  if (!mr.matchPolicy) mr.matchPolicy = 'Equivalent';
  if (!isRecord(mr.namespaceSelector)) mr.namespaceSelector = {};
  if (!isRecord(mr.objectSelector)) mr.objectSelector = {};
  defaultRules(mr.resourceRules);
  defaultRules(mr.excludeResourceRules);
}

export function defaultPolicy(obj: ApiObject): void {
  if (!isRecord(obj.spec)) obj.spec = {};
  const spec = obj.spec as Record<string, unknown>;
  if (!spec.failurePolicy) spec.failurePolicy = 'Fail';
  defaultMatchResources(spec.matchConstraints);
}

export function defaultBinding(obj: ApiObject): void {
  if (!isRecord(obj.spec)) obj.spec = {};
  defaultMatchResources((obj.spec as Record<string, unknown>).matchResources);
}
