/**
 * Validation of the parts policies and bindings share, with kube's messages
 * (pkg/apis/admissionregistration/validation): matchResources, named rules, paramKind,
 * paramRef and validationActions. Internal; validation.ts assembles them.
 */
import {
  type FieldError,
  fieldDuplicate,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  isDNS1035Label,
  isDNS1123Subdomain,
  validatePathSegmentName,
  goStringSlice,
  isRecord,
} from '@apiserver-kit/core';
import { asArray, invalidGo, validateLabelSelector, validateRule } from '../webhooks/validation-parts.js';

export { asArray, isRecord };

export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function validateNamedRule(rule: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  asArray<string>(rule.resourceNames).forEach((name, i) => {
    const p = `${path}.resourceNames[${i}]`;
    for (const m of validatePathSegmentName(name, false)) errs.push(fieldInvalid(p, name, m));
    if (seen.has(name)) errs.push(fieldDuplicate(p, name));
    else seen.add(name);
  });
  errs.push(...validateRule(rule, path));
  return errs;
}

/** validateMatchResources: matchPolicy, both selectors, resource and exclude rules. */
export function validateMatchResources(mr: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (mr.matchPolicy === undefined || mr.matchPolicy === null) errs.push(fieldRequired(`${path}.matchPolicy`, ''));
  else if (mr.matchPolicy !== 'Equivalent' && mr.matchPolicy !== 'Exact')
    errs.push(fieldNotSupported(`${path}.matchPolicy`, mr.matchPolicy, ['Equivalent', 'Exact']));
  for (const key of ['namespaceSelector', 'objectSelector'] as const) {
    if (!isRecord(mr[key])) errs.push(fieldRequired(`${path}.${key}`, ''));
    else errs.push(...validateLabelSelector(mr[key], `${path}.${key}`));
  }
  for (const key of ['resourceRules', 'excludeResourceRules'] as const) {
    asArray<unknown>(mr[key]).forEach((r, i) => errs.push(...validateNamedRule(isRecord(r) ? r : {}, `${path}.${key}[${i}]`)));
  }
  return errs;
}

/** validateParamKind: apiVersion parses as group/version, kind is a (mixed-case) DNS-1035 label. */
export function validateParamKind(pk: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = str(pk.apiVersion);
  const p = `${path}.apiVersion`;
  if (apiVersion === '') errs.push(fieldRequired(p, ''));
  else {
    const slashes = apiVersion.split('/').length - 1;
    if (slashes > 1) errs.push(fieldInvalid(p, apiVersion, `unexpected GroupVersion string: ${apiVersion}`));
    else {
      const [group, version] = apiVersion === '/' ? ['', ''] : slashes === 0 ? ['', apiVersion] : apiVersion.split('/') as [string, string];
      if (group) {
        const msgs = isDNS1123Subdomain(group);
        if (msgs.length) errs.push(fieldInvalid(p, group, msgs.join(',')));
      }
      if (!version) errs.push(fieldInvalid(p, apiVersion, 'version must be specified'));
      else {
        const msgs = isDNS1035Label(version);
        if (msgs.length) errs.push(fieldInvalid(p, version, msgs.join(',')));
      }
    }
  }
  const kind = str(pk.kind);
  if (kind === '') errs.push(fieldRequired(`${path}.kind`, ''));
  else {
    const msgs = isDNS1035Label(kind.toLowerCase());
    if (msgs.length) errs.push(fieldInvalid(`${path}.kind`, kind, `may have mixed case, but should otherwise match: ${msgs.join(',')}`));
  }
  return errs;
}

/** validateParamRef: name or selector (not both), parameterNotFoundAction Deny or Allow. */
export function validateParamRef(pr: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = str(pr.name);
  const hasSelector = isRecord(pr.selector);
  if (name) {
    for (const m of validatePathSegmentName(name, false)) errs.push(fieldInvalid(`${path}.name`, name, m));
    if (hasSelector) errs.push(fieldForbidden(`${path}.name`, 'name and selector are mutually exclusive'));
  }
  if (hasSelector) {
    errs.push(...validateLabelSelector(pr.selector as Record<string, unknown>, `${path}.selector`));
    if (name) errs.push(fieldForbidden(`${path}.selector`, 'name and selector are mutually exclusive'));
  }
  if (!name && !hasSelector) errs.push(fieldRequired(path, 'one of name or selector must be specified'));
  const action = str(pr.parameterNotFoundAction);
  if (action === '') errs.push(fieldRequired(`${path}.parameterNotFoundAction`, ''));
  else if (action !== 'Deny' && action !== 'Allow')
    errs.push(fieldNotSupported(`${path}.parameterNotFoundAction`, action, ['Deny', 'Allow']));
  return errs;
}

/** validateValidationActions: each of Audit, Deny, Warn at most once, not Deny with Warn, at least one. */
export function validateValidationActions(actions: string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  actions.forEach((a, i) => {
    if (!['Audit', 'Deny', 'Warn'].includes(a)) errs.push(fieldNotSupported(`${path}[${i}]`, a, ['Audit', 'Deny', 'Warn']));
    if (seen.has(a)) errs.push(fieldDuplicate(`${path}[${i}]`, a));
    seen.add(a);
  });
  if (seen.has('Deny') && seen.has('Warn')) {
    errs.push(
      invalidGo(
        path,
        goStringSlice(actions, 'admissionregistration.ValidationAction'),
        'must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
      ),
    );
  }
  if (seen.size === 0) errs.push(fieldRequired(path, 'at least one validation action is required'));
  return errs;
}
