/**
 * The AdmissionReview a webhook receives and the checks on what it answers (apiserver's
 * webhook/request): the request carries uid, kind, resource, subResource, requestKind,
 * requestResource, requestSubResource, name, namespace, operation, userInfo, object, oldObject
 * (null when absent), dryRun and options (CreateOptions / UpdateOptions / DeleteOptions, meta.k8s.io/v1).
 * A v1 answer must be an admission.k8s.io/v1 AdmissionReview whose response.uid is the
 * request's; v1beta1 answers are checked as leniently as kube checks them.
 *
 * @example
 * const review = admissionReview('v1', attrs, randomUUID());
 * const result = verifyAdmissionResponse(review.request.uid, true, 'v1', JSON.parse(body));
 */
import { isRecord } from '@apiserver-kit/core';
import type { AdmissionAttributes } from '@apiserver-kit/core';
import { gvkString } from './go-format.js';
import { effectiveNamespace } from './matching.js';

export type ReviewVersion = 'v1' | 'v1beta1';

const optionsKinds = { CREATE: 'CreateOptions', UPDATE: 'UpdateOptions', DELETE: 'DeleteOptions' } as const;

/** The operation's options object with type meta; PatchOptions become Update- or CreateOptions, as kube converts them. */
export function operationOptions(attrs: AdmissionAttributes): Record<string, unknown> | null {
  if (attrs.operation === 'CONNECT') return attrs.options ?? null;
  const kind = optionsKinds[attrs.operation];
  const given = { ...(attrs.options ?? {}) };
  delete given.kind;
  delete given.apiVersion;
  if (attrs.options?.kind === 'PatchOptions') delete given.force;
  if (attrs.dryRun && given.dryRun === undefined) given.dryRun = ['All'];
  return { kind, apiVersion: 'meta.k8s.io/v1', ...given };
}

/** The `request` of an AdmissionReview (also CEL's `request` variable, without object fields). */
export function admissionRequest(attrs: AdmissionAttributes, uid: string): Record<string, unknown> {
  const kind = { group: attrs.kind.group, version: attrs.kind.version, kind: attrs.kind.kind };
  const resource = { group: attrs.resource.group, version: attrs.resource.version, resource: attrs.resource.resource };
  const userInfo: Record<string, unknown> = {};
  if (attrs.user.name) userInfo.username = attrs.user.name;
  if (attrs.user.uid) userInfo.uid = attrs.user.uid;
  if (attrs.user.groups.length) userInfo.groups = [...attrs.user.groups];
  if (attrs.user.extra && Object.keys(attrs.user.extra).length) userInfo.extra = structuredClone(attrs.user.extra);
  const request: Record<string, unknown> = { uid, kind, resource };
  if (attrs.subresource) request.subResource = attrs.subresource;
  request.requestKind = { ...kind };
  request.requestResource = { ...resource };
  if (attrs.subresource) request.requestSubResource = attrs.subresource;
  if (attrs.name) request.name = attrs.name;
  const namespace = effectiveNamespace(attrs);
  if (namespace) request.namespace = namespace;
  request.operation = attrs.operation;
  request.userInfo = userInfo;
  request.object = attrs.object ?? null;
  request.oldObject = attrs.oldObject ?? null;
  request.dryRun = attrs.dryRun;
  request.options = operationOptions(attrs);
  return request;
}

export function admissionReview(version: ReviewVersion, attrs: AdmissionAttributes, uid: string) {
  return { kind: 'AdmissionReview', apiVersion: `admission.k8s.io/${version}`, request: admissionRequest(attrs, uid) };
}

/** What a webhook answered, after the checks. `patch` is the decoded bytes of response.patch. */
export interface AdmissionResult {
  allowed: boolean;
  patch?: Buffer;
  patchType?: string;
  /** response.status (a meta/v1 Status, possibly partial). */
  status?: Record<string, unknown>;
  warnings: string[];
  auditAnnotations: Record<string, string>;
}

function decodePatch(v: unknown): Buffer | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(v) || v.length % 4 !== 0)
    throw new Error('json: cannot unmarshal response.patch: illegal base64 data');
  const bytes = Buffer.from(v, 'base64');
  return bytes.length ? bytes : undefined;
}

/** kube's VerifyAdmissionResponse; throws an Error with kube's message when the answer is unusable. */
export function verifyAdmissionResponse(uid: string, mutating: boolean, version: ReviewVersion, review: unknown): AdmissionResult {
  if (!isRecord(review)) throw new Error('json: cannot unmarshal the webhook response into an AdmissionReview');
  const r = review.response;
  if (!isRecord(r)) throw new Error('webhook response was absent');
  const patch = decodePatch(r.patch);
  const patchType = typeof r.patchType === 'string' ? r.patchType : undefined;
  const base = {
    allowed: r.allowed === true,
    ...(isRecord(r.status) ? { status: r.status } : {}),
    warnings: Array.isArray(r.warnings) ? r.warnings.filter((w): w is string => typeof w === 'string') : [],
    auditAnnotations: isRecord(r.auditAnnotations) ? (r.auditAnnotations as Record<string, string>) : {},
  };
  if (version === 'v1beta1') {
    // v1beta1 never checked the uid, the type meta or the patch type: a patch is a JSONPatch.
    return mutating && patch ? { ...base, patch, patchType: 'JSONPatch' } : base;
  }
  const responseUid = typeof r.uid === 'string' ? r.uid : '';
  if (responseUid !== uid) throw new Error(`expected response.uid="${uid}", got "${responseUid}"`);
  const apiVersion = typeof review.apiVersion === 'string' ? review.apiVersion : '';
  const kind = typeof review.kind === 'string' ? review.kind : '';
  if (apiVersion !== 'admission.k8s.io/v1' || kind !== 'AdmissionReview')
    throw new Error(`expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got ${gvkString(apiVersion, kind)}`);
  const hasPatchType = r.patchType !== undefined && r.patchType !== null;
  if (!mutating) {
    if (patch) throw new Error('validating webhook may not return response.patch');
    if (hasPatchType) throw new Error('validating webhook may not return response.patchType');
    return base;
  }
  if (patch && !hasPatchType) throw new Error('webhook returned response.patch but not response.patchType');
  if (!patch && hasPatchType) throw new Error('webhook returned response.patchType but not response.patch');
  if (hasPatchType && !patchType) throw new Error(`webhook returned invalid response.patchType of ""`);
  return patch ? { ...base, patch, patchType: patchType! } : base;
}
