/**
 * Validation of the parts of a webhook, with kube's messages
 * (pkg/apis/admissionregistration/validation, apiserver's util/webhook, metav1 validation):
 * rules, label selectors, the client config's url or service, match conditions and
 * admissionReviewVersions. Internal; validation.ts assembles them.
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
  isQualifiedName,
  isValidLabelValue,
  validateLabels,
  goQuote,
  goStringSlice,
  isRecord,
} from '@apiserver-kit/core';

export const acceptedReviewVersions = ['v1', 'v1beta1'];
const supportedOperations = ['*', 'CONNECT', 'CREATE', 'DELETE', 'UPDATE'];
const validScopes = ['*', 'Cluster', 'Namespaced'];

/** An Invalid error whose bad value Go prints with %#v (a slice): `Invalid value: []string{"*", "a"}: detail`. */
export function invalidGo(field: string, goValue: string, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, detail: `${goValue}: ${detail}` };
}

export function asArray<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function validateResources(resources: string[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (resources.length === 0) errs.push(fieldRequired(path, ''));
  const withWildcardSub = new Set<string>();
  const subWithWildcardRes = new Set<string>();
  let doubleWildcard = false;
  let singleWildcard = false;
  let withoutSub = false;
  resources.forEach((resSub, i) => {
    if (resSub === '') {
      errs.push(fieldRequired(`${path}[${i}]`, ''));
      return;
    }
    if (resSub === '*/*') doubleWildcard = true;
    if (resSub === '*') singleWildcard = true;
    const slash = resSub.indexOf('/');
    if (slash < 0) {
      withoutSub = resSub !== '*';
      return;
    }
    const res = resSub.slice(0, slash);
    const sub = resSub.slice(slash + 1);
    if (withWildcardSub.has(res)) errs.push(fieldInvalid(`${path}[${i}]`, resSub, `if '${res}/*' is present, must not specify ${resSub}`));
    if (subWithWildcardRes.has(sub)) errs.push(fieldInvalid(`${path}[${i}]`, resSub, `if '*/${sub}' is present, must not specify ${resSub}`));
    if (sub === '*') withWildcardSub.add(res);
    if (res === '*') subWithWildcardRes.add(sub);
  });
  if (resources.length > 1 && doubleWildcard)
    errs.push(invalidGo(path, goStringSlice(resources), "if '*/*' is present, must not specify other resources"));
  if (singleWildcard && withoutSub)
    errs.push(invalidGo(path, goStringSlice(resources), "if '*' is present, must not specify other resources without subresources"));
  return errs;
}

/** validateRuleWithOperations: operations, apiGroups, apiVersions, resources (subresources allowed), scope. */
export function validateRule(rule: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const ops = asArray<string>(rule.operations);
  if (ops.length === 0) errs.push(fieldRequired(`${path}.operations`, ''));
  if (ops.length > 1 && ops.includes('*'))
    errs.push(invalidGo(`${path}.operations`, goStringSlice(ops, 'admissionregistration.OperationType'), "if '*' is present, must not specify other operations"));
  ops.forEach((op, i) => {
    if (!supportedOperations.includes(op)) errs.push(fieldNotSupported(`${path}.operations[${i}]`, op, supportedOperations));
  });
  const groups = asArray<string>(rule.apiGroups);
  if (groups.length === 0) errs.push(fieldRequired(`${path}.apiGroups`, ''));
  if (groups.length > 1 && groups.includes('*'))
    errs.push(invalidGo(`${path}.apiGroups`, goStringSlice(groups), "if '*' is present, must not specify other API groups"));
  const versions = asArray<string>(rule.apiVersions);
  if (versions.length === 0) errs.push(fieldRequired(`${path}.apiVersions`, ''));
  if (versions.length > 1 && versions.includes('*'))
    errs.push(invalidGo(`${path}.apiVersions`, goStringSlice(versions), "if '*' is present, must not specify other API versions"));
  versions.forEach((v, i) => {
    if (v === '') errs.push(fieldRequired(`${path}.apiVersions[${i}]`, ''));
  });
  errs.push(...validateResources(asArray<string>(rule.resources), `${path}.resources`));
  if (typeof rule.scope === 'string' && !validScopes.includes(rule.scope))
    errs.push(fieldNotSupported(`${path}.scope`, rule.scope, validScopes));
  return errs;
}

/** metav1validation.ValidateLabelSelector (invalid label values in expressions are errors). */
export function validateLabelSelector(sel: Record<string, unknown>, path: string, allowInvalidValues = false): FieldError[] {
  const errs = validateLabels((sel.matchLabels ?? {}) as Record<string, string>, `${path}.matchLabels`);
  asArray<Record<string, unknown>>(sel.matchExpressions).forEach((req, i) => {
    const p = `${path}.matchExpressions[${i}]`;
    const values = asArray<string>(req?.values);
    const op = str(req?.operator);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) errs.push(fieldRequired(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) errs.push(fieldForbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else errs.push(fieldInvalid(`${p}.operator`, op, 'not a valid selector operator'));
    for (const m of isQualifiedName(str(req?.key))) errs.push(fieldInvalid(`${p}.key`, str(req?.key), m));
    if (!allowInvalidValues)
      values.forEach((v, j) => {
        for (const m of isValidLabelValue(v)) errs.push(fieldInvalid(`${p}.values[${j}]`, v, m));
      });
  });
  return errs;
}

/** True when any expression value of the selector is not a valid label value. */
export function hasInvalidSelectorValues(sel: unknown): boolean {
  if (!isRecord(sel)) return false;
  return asArray<Record<string, unknown>>(sel.matchExpressions).some((e) =>
    asArray<string>(e?.values).some((v) => isValidLabelValue(v).length > 0),
  );
}

const urlForm = '; desired format: https://host[/path]';

/** The parts of a URL as Go's url.Parse sees them (enough for webhook URL validation). */
function parseUrlLikeGo(raw: string): { scheme: string; host: string; user?: string; query: string; fragment: string } | string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) return `parse ${goQuote(raw)}: net/url: invalid control character in URL`;
  let rest = raw;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) [rest, fragment] = [rest.slice(0, hash), rest.slice(hash + 1)];
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) [rest, query] = [rest.slice(0, q), rest.slice(q + 1)];
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (!m && rest.startsWith(':')) return `parse ${goQuote(raw)}: missing protocol scheme`;
  const scheme = m ? m[1]!.toLowerCase() : '';
  if (m) rest = rest.slice(m[0].length);
  let host = '';
  let user: string | undefined;
  if (rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    let authority = end < 0 ? rest.slice(2) : rest.slice(2, end);
    const at = authority.lastIndexOf('@');
    if (at >= 0) [user, authority] = [authority.slice(0, at), authority.slice(at + 1)];
    host = authority;
    if (/[\s"<>\\^`{|}]/.test(host)) return `parse ${goQuote(raw)}: invalid character ${goQuote(host.match(/[\s"<>\\^`{|}]/)![0])} in host name`;
  }
  return { scheme, host, query, fragment, ...(user !== undefined ? { user } : {}) };
}

/** apiserver's ValidateWebhookURL with https forced. */
export function validateWebhookUrl(raw: string, path: string): FieldError[] {
  const u = parseUrlLikeGo(raw);
  if (typeof u === 'string') return [fieldRequired(path, `url must be a valid URL: ${u}${urlForm}`)];
  const errs: FieldError[] = [];
  if (u.scheme !== 'https') errs.push(fieldInvalid(path, u.scheme, `'https' is the only allowed URL scheme${urlForm}`));
  if (u.host === '') errs.push(fieldInvalid(path, u.host, `host must be provided${urlForm}`));
  if (u.user !== undefined) errs.push(fieldInvalid(path, u.user, 'user information is not permitted in the URL'));
  if (u.fragment !== '') errs.push(fieldInvalid(path, u.fragment, 'fragments are not permitted in the URL'));
  if (u.query !== '') errs.push(fieldInvalid(path, u.query, 'query parameters are not permitted in the URL'));
  return errs;
}

/** apiserver's ValidateWebhookService. */
export function validateWebhookService(svc: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!str(svc.name)) errs.push(fieldRequired(`${path}.name`, 'service name is required'));
  if (!str(svc.namespace)) errs.push(fieldRequired(`${path}.namespace`, 'service namespace is required'));
  const port = typeof svc.port === 'number' ? svc.port : 443;
  if (port < 1 || port > 65535) errs.push(fieldInvalid(`${path}.port`, port, 'port is not valid: must be between 1 and 65535, inclusive'));
  const urlPath = str(svc.path);
  if (urlPath === '' || urlPath === '/') return errs;
  if (urlPath === '//') return [...errs, fieldInvalid(`${path}.path`, urlPath, 'segment[0] may not be empty')];
  if (!urlPath.startsWith('/')) errs.push(fieldInvalid(`${path}.path`, urlPath, "must start with a '/'"));
  let check = urlPath.slice(1);
  if (check.endsWith('/')) check = check.slice(0, -1);
  check.split('/').forEach((step, i) => {
    if (step === '') errs.push(fieldInvalid(`${path}.path`, urlPath, `segment[${i}] may not be empty`));
    else for (const m of isDNS1123Subdomain(step)) errs.push(fieldInvalid(`${path}.path`, urlPath, `segment[${i}]: ${m}`));
  });
  return errs;
}

/** validateMatchConditions without CEL compilation (no compiler is known to a resource definition). */
export function validateMatchConditions(conditions: unknown[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (conditions.length > 64)
    errs.push({ type: 'FieldValueTooMany', field: path, badValue: conditions.length, detail: 'must have at most 64 items' });
  const names = new Set<string>();
  conditions.forEach((c, i) => {
    const cond = isRecord(c) ? c : {};
    const p = `${path}[${i}]`;
    if (str(cond.expression).trim() === '') errs.push(fieldRequired(`${p}.expression`, ''));
    const name = str(cond.name);
    if (name === '') errs.push(fieldRequired(`${p}.name`, ''));
    else for (const m of isQualifiedName(name)) errs.push(fieldInvalid(`${p}.name`, name, m));
    if (name !== '') {
      if (names.has(name)) errs.push(fieldDuplicate(`${p}.name`, name));
      else names.add(name);
    }
  });
  return errs;
}

/** validateAdmissionReviewVersions. */
export function validateReviewVersions(versions: string[], requireRecognized: boolean, path: string): FieldError[] {
  if (versions.length === 0) return [fieldRequired(path, `must specify one of ${acceptedReviewVersions.join(', ')}`)];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  let accepted = false;
  versions.forEach((v, i) => {
    if (seen.has(v)) {
      errs.push(fieldInvalid(`${path}[${i}]`, v, 'duplicate version'));
      return;
    }
    seen.add(v);
    for (const m of isDNS1035Label(v)) errs.push(fieldInvalid(`${path}[${i}]`, v, m));
    if (acceptedReviewVersions.includes(v)) accepted = true;
  });
  if (requireRecognized && !accepted)
    errs.push(invalidGo(path, goStringSlice(versions), `must include at least one of ${acceptedReviewVersions.join(', ')}`));
  return errs;
}
