/**
 * Converting between core's AdmissionAttributes (what plugins read) and an AdmissionReview
 * request (what kube-apiserver sends a webhook), both ways, field for field as kube fills them:
 * absent objects and options travel as `null`, dryRun always, empty names and namespaces not.
 *
 * @example
 * const review = reviewFromAttributes(attrs);      // to POST to a webhook
 * const back = attributesFromReview(review);       // what a webhook's plugin sees
 */
import { randomUUID } from 'node:crypto';
import { type AdmissionAttributes, type ApiObject, type UserInfo, deepCopy } from '@apiserver-kit/core';
import type { AdmissionRequest, AdmissionReview, AdmissionReviewVersion } from './types.js';

function userFromReview(info: AdmissionRequest['userInfo']): UserInfo {
  const user: UserInfo = { name: info.username ?? '', groups: [...(info.groups ?? [])] };
  if (info.uid) user.uid = info.uid;
  if (info.extra && Object.keys(info.extra).length > 0) user.extra = deepCopy(info.extra);
  return user;
}

function userToReview(user: UserInfo): AdmissionRequest['userInfo'] {
  const info: AdmissionRequest['userInfo'] = {};
  if (user.name) info.username = user.name;
  if (user.uid) info.uid = user.uid;
  if (user.groups.length > 0) info.groups = [...user.groups];
  if (user.extra && Object.keys(user.extra).length > 0) info.extra = deepCopy(user.extra);
  return info;
}

/** The attributes a plugin sees for a review (or its request); objects are copies. */
export function attributesFromReview(review: AdmissionReview | AdmissionRequest): AdmissionAttributes {
  const req = 'request' in review && review.request ? review.request : (review as AdmissionRequest);
  if (!req || typeof req !== 'object' || !('operation' in req)) throw new TypeError('the AdmissionReview has no request');
  const attrs: AdmissionAttributes = {
    operation: req.operation,
    kind: { group: req.kind.group ?? '', version: req.kind.version, kind: req.kind.kind },
    resource: { group: req.resource.group ?? '', version: req.resource.version, resource: req.resource.resource },
    subresource: req.subResource ?? '',
    name: req.name ?? '',
    namespace: req.namespace ?? '',
    dryRun: req.dryRun ?? false,
    user: userFromReview(req.userInfo ?? {}),
    warnings: [],
  };
  if (req.object) attrs.object = deepCopy(req.object) as ApiObject;
  if (req.oldObject) attrs.oldObject = deepCopy(req.oldObject) as ApiObject;
  if (req.options) attrs.options = deepCopy(req.options);
  return attrs;
}

export interface ReviewFromAttributesOptions {
  /** The request uid; a random UUID by default. */
  uid?: string;
  /** Default admission.k8s.io/v1. */
  apiVersion?: AdmissionReviewVersion;
}

/** The AdmissionReview kube-apiserver would send a webhook for these attributes. */
export function reviewFromAttributes(attrs: AdmissionAttributes, opts: ReviewFromAttributesOptions = {}): AdmissionReview {
  const request: AdmissionRequest = {
    uid: opts.uid ?? randomUUID(),
    kind: { ...attrs.kind },
    resource: { ...attrs.resource },
    requestKind: { ...attrs.kind },
    requestResource: { ...attrs.resource },
    operation: attrs.operation,
    userInfo: userToReview(attrs.user),
    object: attrs.object ? (deepCopy(attrs.object) as Record<string, unknown>) : null,
    oldObject: attrs.oldObject ? (deepCopy(attrs.oldObject) as Record<string, unknown>) : null,
    dryRun: attrs.dryRun,
    options: attrs.options ? deepCopy(attrs.options) : null,
  };
  if (attrs.subresource) {
    request.subResource = attrs.subresource;
    request.requestSubResource = attrs.subresource;
  }
  if (attrs.name) request.name = attrs.name;
  if (attrs.namespace) request.namespace = attrs.namespace;
  return { apiVersion: opts.apiVersion ?? 'admission.k8s.io/v1', kind: 'AdmissionReview', request };
}
