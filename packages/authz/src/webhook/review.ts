/**
 * The SubjectAccessReview a webhook authorizer sends (authorization.k8s.io v1 or v1beta1),
 * built field for field as kube-apiserver builds it (its JSON spec is also the cache key), and
 * the status read back from the answer.
 */
import { type AuthorizationAttributes, parseFieldSelector, parseLabelSelector } from '@apiserver-kit/core';

export type SubjectAccessReviewVersion = 'v1' | 'v1beta1';

export interface ReviewStatus {
  allowed: boolean;
  denied: boolean;
  reason: string;
  evaluationError: string;
}

interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values?: string[];
}

const labelOperators: Record<string, Requirement['operator'] | undefined> = {
  '=': 'In',
  '==': 'In',
  in: 'In',
  '!=': 'NotIn',
  notin: 'NotIn',
  exists: 'Exists',
  '!': 'DoesNotExist',
};

/** Kube sends the selector requirements it can express (AuthorizeWithSelectors); others are dropped, which only widens the check. */
function fieldRequirements(raw: string | undefined): Requirement[] {
  if (!raw) return [];
  try {
    return parseFieldSelector(raw).requirements.map((r) => ({ key: r.field, operator: r.operator === '!=' ? 'NotIn' : 'In', values: [r.value] }));
  } catch {
    return [];
  }
}

function labelRequirements(raw: string | undefined): Requirement[] {
  if (!raw) return [];
  try {
    const out: Requirement[] = [];
    for (const r of parseLabelSelector(raw).requirements) {
      const operator = labelOperators[r.operator];
      if (!operator) continue;
      out.push(r.values.length > 0 ? { key: r.key, operator, values: [...r.values] } : { key: r.key, operator });
    }
    return out;
  } catch {
    return [];
  }
}

/** Sets `key` unless the value is empty, as Go's `omitempty` does. */
function put(o: Record<string, unknown>, key: string, value: string | undefined): void {
  if (value) o[key] = value;
}

/** The review's spec, in the field order kube serializes it. */
export function reviewSpec(attrs: AuthorizationAttributes, version: SubjectAccessReviewVersion): Record<string, unknown> {
  const spec: Record<string, unknown> = {};
  if (attrs.isResourceRequest) {
    const r: Record<string, unknown> = {};
    put(r, 'namespace', attrs.namespace);
    put(r, 'verb', attrs.verb);
    put(r, 'group', attrs.apiGroup);
    put(r, 'version', attrs.apiVersion);
    put(r, 'resource', attrs.resource);
    put(r, 'subresource', attrs.subresource);
    put(r, 'name', attrs.name);
    const fields = fieldRequirements(attrs.fieldSelector);
    if (fields.length > 0) r.fieldSelector = { requirements: fields };
    const labels = labelRequirements(attrs.labelSelector);
    if (labels.length > 0) r.labelSelector = { requirements: labels };
    spec.resourceAttributes = r;
  } else {
    const n: Record<string, unknown> = {};
    put(n, 'path', attrs.path);
    put(n, 'verb', attrs.verb);
    spec.nonResourceAttributes = n;
  }
  const user = attrs.user;
  put(spec, 'user', user.name);
  if (user.groups.length > 0) spec[version === 'v1' ? 'groups' : 'group'] = [...user.groups];
  if (user.extra && Object.keys(user.extra).length > 0) {
    const extra: Record<string, string[]> = {};
    for (const k of Object.keys(user.extra).sort()) extra[k] = [...user.extra[k]!];
    spec.extra = extra;
  }
  put(spec, 'uid', user.uid);
  return spec;
}

/** The request body: the whole SubjectAccessReview as client-go encodes it. */
export function reviewBody(spec: Record<string, unknown>, version: SubjectAccessReviewVersion): string {
  return JSON.stringify({
    kind: 'SubjectAccessReview',
    apiVersion: `authorization.k8s.io/${version}`,
    metadata: { creationTimestamp: null },
    spec,
    status: { allowed: false },
  });
}

export class MalformedReview extends Error {}

/** The status of a webhook's answer; throws MalformedReview when it is not a SubjectAccessReview. */
export function parseReviewStatus(text: string): ReviewStatus {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new MalformedReview('the webhook answered with a body that is not JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new MalformedReview('the webhook answer is not a SubjectAccessReview object');
  const raw = (doc as { status?: unknown }).status ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new MalformedReview('the webhook answer has a malformed status');
  const s = raw as Record<string, unknown>;
  const flag = (k: string) => {
    if (s[k] === undefined || s[k] === null) return false;
    if (typeof s[k] !== 'boolean') throw new MalformedReview(`the webhook answer's status.${k} is not a boolean`);
    return s[k];
  };
  const stringField = (k: string) => {
    if (s[k] === undefined || s[k] === null) return '';
    if (typeof s[k] !== 'string') throw new MalformedReview(`the webhook answer's status.${k} is not a string`);
    return s[k];
  };
  return { allowed: flag('allowed'), denied: flag('denied'), reason: stringField('reason'), evaluationError: stringField('evaluationError') };
}

/** The sizes kube caps before caching an answer (requester-controlled attributes). */
export function controlledSize(a: AuthorizationAttributes): number {
  return a.namespace.length + a.verb.length + a.apiGroup.length + a.apiVersion.length + a.resource.length + a.subresource.length + a.name.length + a.path.length;
}
