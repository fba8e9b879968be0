/**
 * Query parameters of list, watch and write requests, parsed and validated as kube-apiserver
 * does (meta/v1 ListOptions and its validation, CreateOptions / UpdateOptions / PatchOptions).
 */
import {
  type FieldError,
  type FieldSelector,
  type LabelSelector,
  type ResourceVersionMatch,
  errors,
  fieldForbidden,
  fieldNotSupported,
  parseFieldSelector,
  parseLabelSelector,
} from '@apiserver-kit/core';

export interface ListQuery {
  labelSelector: LabelSelector;
  fieldSelector: FieldSelector;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: ResourceVersionMatch;
  watch: boolean;
  allowWatchBookmarks: boolean;
  sendInitialEvents?: boolean;
  timeoutSeconds?: number;
}

function parseBool(name: string, value: string | null): boolean | undefined {
  if (value === null) return undefined;
  if (value === '' || value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw errors.badRequest(`invalid boolean value for ${name}: "${value}"`);
}

function parseNonNegativeInt(name: string, value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw errors.badRequest(`invalid value for ${name}: "${value}": must be an integer`);
  const n = Number(value);
  if (n < 0) throw errors.badRequest(`invalid value for ${name}: "${value}": must be non-negative`);
  return n;
}

/** Parse ListOptions from the query; `watch` comes from the verb the request resolved to. */
export function parseListQuery(q: URLSearchParams, watch: boolean): ListQuery {
  const query: ListQuery = {
    labelSelector: parseLabelSelector(q.get('labelSelector') ?? ''),
    fieldSelector: parseFieldSelector(q.get('fieldSelector') ?? ''),
    watch,
    allowWatchBookmarks: parseBool('allowWatchBookmarks', q.get('allowWatchBookmarks')) ?? false,
  };
  const limit = parseNonNegativeInt('limit', q.get('limit'));
  if (limit) query.limit = limit;
  const cont = q.get('continue');
  if (cont) query.continue = cont;
  const rv = q.get('resourceVersion');
  if (rv !== null && rv !== '') query.resourceVersion = rv;
  const match = q.get('resourceVersionMatch');
  if (match) query.resourceVersionMatch = match as ResourceVersionMatch;
  const sie = parseBool('sendInitialEvents', q.get('sendInitialEvents'));
  if (sie !== undefined) query.sendInitialEvents = sie;
  const ts = parseNonNegativeInt('timeoutSeconds', q.get('timeoutSeconds'));
  if (ts !== undefined) query.timeoutSeconds = ts;
  validateListQuery(query);
  return query;
}

/** kube's ValidateListOptions; failures are 422 Invalid on kind ListOptions.meta.k8s.io. */
export function validateListQuery(o: ListQuery): void {
  const errs: FieldError[] = [];
  const match = o.resourceVersionMatch;
  if (o.watch) {
    if (o.sendInitialEvents !== undefined && match !== 'NotOlderThan') {
      errs.push(fieldForbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
    }
    if (match) {
      if (o.sendInitialEvents === undefined) {
        errs.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
      }
      if (match !== 'NotOlderThan') errs.push(fieldNotSupported('resourceVersionMatch', match, ['NotOlderThan']));
      if (o.continue) errs.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    }
  } else {
    if (match) {
      if (!o.resourceVersion) {
        errs.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
      }
      if (o.continue) errs.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
      if (match !== 'Exact' && match !== 'NotOlderThan') {
        errs.push(fieldNotSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
      }
      if (match === 'Exact' && o.resourceVersion === '0') {
        errs.push(fieldForbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
      }
    }
    if (o.sendInitialEvents !== undefined) errs.push(fieldForbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
  }
  if (errs.length > 0) throw errors.invalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', errs);
}

/** A resourceVersion must be a decimal integer; kube answers 400 otherwise. */
export function checkResourceVersion(rv: string | undefined): void {
  if (rv === undefined || rv === '') return;
  if (!/^\d+$/.test(rv)) throw errors.badRequest(`invalid resource version "${rv}": must be a non-negative integer`);
}

/** dryRun=All (the only supported value) or nothing. */
export function parseDryRun(q: URLSearchParams, optionsKind: string): boolean {
  const values = q.getAll('dryRun').filter((v) => v !== '');
  if (values.length === 0) return false;
  for (const v of values) {
    if (v !== 'All') {
      throw errors.invalid({ group: 'meta.k8s.io', kind: optionsKind }, '', [
        fieldNotSupported('dryRun', v, ['All']),
      ]);
    }
  }
  return true;
}
