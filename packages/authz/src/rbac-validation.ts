/**
 * Validation of rbac.authorization.k8s.io/v1 objects with kube-apiserver's messages
 * (pkg/apis/rbac/validation): names need only be path segments; every rule needs verbs; a
 * rule is either about resources (apiGroups and resources required) or about non-resource URLs
 * (ClusterRoles only, and nothing else in the rule); roleRef must be rbac.authorization.k8s.io,
 * Role or ClusterRole (ClusterRole only for ClusterRoleBindings), and cannot change; subjects
 * are User, Group (apiGroup rbac.authorization.k8s.io) or ServiceAccount (apiGroup "", a
 * DNS-subdomain name, and a namespace in ClusterRoleBindings).
 *
 * @example
 * validateRoleBindingUpdate(next, prev);
 * // [{ field: 'roleRef', type: 'FieldValueInvalid',
 * //    detail: 'rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef' }]
 */
import {
  type ApiObject,
  type FieldError,
  type ValidateNameFunc,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  labelSelectorFromMetaV1,
  validateLabels,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '@apiserver-kit/core';
import { goQuote, goStringSlice } from './go-format.js';
import { type AggregationRule, type PolicyRule, type RoleRef, type Subject, rbacGroup } from './rbac-types.js';

/** kube's ValidateRBACName: any name that can be a URL path segment (also for generateName). */
export const validateRbacName: ValidateNameFunc = (name) => isValidPathSegmentName(name);

const len = (v: readonly unknown[] | null | undefined): number => v?.length ?? 0;

/** An Invalid error whose bad value Go prints with %#v (a slice or a struct). */
function invalidGo(field: string, goValue: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, detail: `${goValue}: ${detail}` };
}

function asArray<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** kube's ValidatePolicyRule. */
export function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (len(rule.verbs) === 0) errs.push(fieldRequired(`${path}.verbs`, 'verbs must contain at least one value'));
  if (len(rule.nonResourceURLs) > 0) {
    const urls = goStringSlice(rule.nonResourceURLs);
    if (namespaced) errs.push(invalidGo(`${path}.nonResourceURLs`, urls, 'namespaced rules cannot apply to non-resource URLs'));
    if (len(rule.apiGroups) > 0 || len(rule.resources) > 0 || len(rule.resourceNames) > 0)
      errs.push(invalidGo(`${path}.nonResourceURLs`, urls, 'rules cannot apply to both regular resources and non-resource URLs'));
    return errs;
  }
  if (len(rule.apiGroups) === 0) errs.push(fieldRequired(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (len(rule.resources) === 0) errs.push(fieldRequired(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

function validateRules(obj: ApiObject, namespaced: boolean): FieldError[] {
  return asArray<PolicyRule>(obj.rules).flatMap((r, i) => validatePolicyRule(r ?? { verbs: [] }, namespaced, `rules[${i}]`));
}

export function validateRole(obj: ApiObject): FieldError[] {
  return [...validateObjectMeta(obj.metadata, { namespaced: true, nameFn: validateRbacName }), ...validateRules(obj, true)];
}

export function validateRoleUpdate(obj: ApiObject, old: ApiObject): FieldError[] {
  return [...validateRole(obj), ...validateObjectMetaUpdate(obj.metadata, old.metadata)];
}

type MetaV1Selector = NonNullable<AggregationRule['clusterRoleSelectors']>[number];

/** kube's unversioned ValidateLabelSelector. */
function validateLabelSelector(sel: MetaV1Selector, path: string, allowInvalidValues: boolean): FieldError[] {
  const errs = validateLabels(sel.matchLabels, `${path}.matchLabels`);
  asArray<NonNullable<MetaV1Selector['matchExpressions']>[number]>(sel.matchExpressions).forEach((req, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = req.values ?? [];
    if (req.operator === 'In' || req.operator === 'NotIn') {
      if (values.length === 0) errs.push(fieldRequired(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (req.operator === 'Exists' || req.operator === 'DoesNotExist') {
      if (values.length > 0) errs.push(fieldForbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(fieldInvalid(`${p}.operator`, req.operator ?? '', 'not a valid selector operator'));
    }
    for (const m of isQualifiedName(req.key ?? '')) errs.push(fieldInvalid(`${p}.key`, req.key ?? '', m));
    if (!allowInvalidValues)
      values.forEach((v, j) => {
        for (const m of isValidLabelValue(v)) errs.push(fieldInvalid(`${p}.values[${j}]`, v, m));
      });
  });
  return errs;
}

function hasInvalidSelectorValues(obj: ApiObject): boolean {
  const rule = obj.aggregationRule as AggregationRule | null | undefined;
  return asArray<MetaV1Selector>(rule?.clusterRoleSelectors).some((s) =>
    asArray<{ values?: string[] }>(s?.matchExpressions).some((e) => (e.values ?? []).some((v) => isValidLabelValue(v).length > 0)),
  );
}

function validateClusterRoleWith(obj: ApiObject, allowInvalidValues: boolean): FieldError[] {
  const errs = [...validateObjectMeta(obj.metadata, { namespaced: false, nameFn: validateRbacName }), ...validateRules(obj, false)];
  const rule = obj.aggregationRule as AggregationRule | null | undefined;
  if (rule) {
    const selectors = asArray<MetaV1Selector>(rule.clusterRoleSelectors);
    if (selectors.length === 0)
      errs.push(fieldRequired('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
    selectors.forEach((sel, i) => {
      const path = `aggregationRule.clusterRoleSelectors[${i}]`;
      errs.push(...validateLabelSelector(sel ?? {}, path, allowInvalidValues));
      try {
        labelSelectorFromMetaV1(sel ?? {});
      } catch {
        errs.push(fieldInvalid(path, 'null', 'invalid label selector.'));
      }
    });
  }
  return errs;
}

export function validateClusterRole(obj: ApiObject): FieldError[] {
  return validateClusterRoleWith(obj, false);
}

/** As kube: selector values that were already invalid in the stored object stay allowed. */
export function validateClusterRoleUpdate(obj: ApiObject, old: ApiObject): FieldError[] {
  return [...validateClusterRoleWith(obj, hasInvalidSelectorValues(old)), ...validateObjectMetaUpdate(obj.metadata, old.metadata)];
}

/** kube's ValidateRoleBindingSubject; `namespaced` is true for RoleBindings. */
export function validateRbacSubject(subject: Subject, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = subject.name ?? '';
  const apiGroup = subject.apiGroup ?? '';
  if (!name) errs.push(fieldRequired(`${path}.name`, ''));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (name) for (const m of isDNS1123Subdomain(name)) errs.push(fieldInvalid(`${path}.name`, name, m));
      if (apiGroup) errs.push(fieldNotSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && !subject.namespace) errs.push(fieldRequired(`${path}.namespace`, ''));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== rbacGroup) errs.push(fieldNotSupported(`${path}.apiGroup`, apiGroup, [rbacGroup]));
      break;
    default:
      errs.push(fieldNotSupported(`${path}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function roleRefOf(obj: ApiObject): RoleRef {
  const ref = (obj.roleRef ?? {}) as Partial<RoleRef>;
  return { apiGroup: ref.apiGroup ?? '', kind: ref.kind ?? '', name: ref.name ?? '' };
}

function validateBinding(obj: ApiObject, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced, nameFn: validateRbacName });
  const ref = roleRefOf(obj);
  if (ref.apiGroup !== rbacGroup) errs.push(fieldNotSupported('roleRef.apiGroup', ref.apiGroup, [rbacGroup]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) errs.push(fieldNotSupported('roleRef.kind', ref.kind, kinds));
  if (!ref.name) errs.push(fieldRequired('roleRef.name', ''));
  else for (const m of validateRbacName(ref.name, false)) errs.push(fieldInvalid('roleRef.name', ref.name, m));
  asArray<Subject>(obj.subjects).forEach((s, i) => errs.push(...validateRbacSubject(s ?? { kind: '', name: '' }, namespaced, `subjects[${i}]`)));
  return errs;
}

/** Go's %#v of the internal rbac.RoleRef, as kube prints it in "cannot change roleRef". */
export function formatRoleRef(ref: RoleRef): string {
  return `rbac.RoleRef{APIGroup:${goQuote(ref.apiGroup)}, Kind:${goQuote(ref.kind)}, Name:${goQuote(ref.name)}}`;
}

function validateBindingUpdate(obj: ApiObject, old: ApiObject, namespaced: boolean): FieldError[] {
  const errs = [...validateBinding(obj, namespaced), ...validateObjectMetaUpdate(obj.metadata, old.metadata)];
  const next = roleRefOf(obj);
  const prev = roleRefOf(old);
  if (next.apiGroup !== prev.apiGroup || next.kind !== prev.kind || next.name !== prev.name)
    errs.push(invalidGo('roleRef', formatRoleRef(next), 'cannot change roleRef'));
  return errs;
}

export const validateRoleBinding = (obj: ApiObject): FieldError[] => validateBinding(obj, true);
export const validateRoleBindingUpdate = (obj: ApiObject, old: ApiObject): FieldError[] => validateBindingUpdate(obj, old, true);
export const validateClusterRoleBinding = (obj: ApiObject): FieldError[] => validateBinding(obj, false);
export const validateClusterRoleBindingUpdate = (obj: ApiObject, old: ApiObject): FieldError[] =>
  validateBindingUpdate(obj, old, false);
