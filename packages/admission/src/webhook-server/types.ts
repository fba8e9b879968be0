/**
 * The AdmissionReview wire format (admission.k8s.io/v1, and v1beta1 which has the same shape):
 * what kube-apiserver POSTs to an admission webhook and what the webhook answers.
 *
 * @example
 * const review = admissionReviewSchema.parse(JSON.parse(body));
 * review.request!.operation; // 'CREATE'
 */
import { z } from 'zod';
import type { AdmissionOperation, GroupVersionKind, GroupVersionResource } from '@apiserver-kit/core';

export const admissionReviewVersions = ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'] as const;
export type AdmissionReviewVersion = (typeof admissionReviewVersions)[number];

export interface AdmissionUserInfo {
  username?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

export interface AdmissionRequest {
  uid: string;
  kind: GroupVersionKind;
  resource: GroupVersionResource;
  subResource?: string;
  requestKind?: GroupVersionKind;
  requestResource?: GroupVersionResource;
  requestSubResource?: string;
  name?: string;
  namespace?: string;
  operation: AdmissionOperation;
  userInfo: AdmissionUserInfo;
  /** The incoming object; null for DELETE (kube sends null, not nothing). */
  object?: Record<string, unknown> | null;
  /** The stored object; null for CREATE and CONNECT. */
  oldObject?: Record<string, unknown> | null;
  dryRun?: boolean;
  /** CreateOptions / UpdateOptions / DeleteOptions of the operation. */
  options?: Record<string, unknown> | null;
}

/** metav1.Status as an AdmissionResponse carries it (type meta omitted). */
export interface AdmissionStatus {
  metadata?: Record<string, unknown>;
  status?: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: Record<string, unknown>;
  code?: number;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  status?: AdmissionStatus;
  /** Base64 of a JSON Patch (RFC 6902) document. */
  patch?: string;
  patchType?: 'JSONPatch';
  auditAnnotations?: Record<string, string>;
  warnings?: string[];
}

export interface AdmissionReview {
  apiVersion: AdmissionReviewVersion;
  kind: 'AdmissionReview';
  request?: AdmissionRequest;
  response?: AdmissionResponse;
}

const gvkSchema = z.object({ group: z.string().default(''), version: z.string(), kind: z.string() });
const gvrSchema = z.object({ group: z.string().default(''), version: z.string(), resource: z.string() });
const objectSchema = z.record(z.string(), z.unknown()).nullable().optional();

export const admissionRequestSchema = z.looseObject({
  uid: z.string().min(1),
  kind: gvkSchema,
  resource: gvrSchema,
  subResource: z.string().optional(),
  requestKind: gvkSchema.nullable().optional(),
  requestResource: gvrSchema.nullable().optional(),
  requestSubResource: z.string().optional(),
  name: z.string().optional(),
  namespace: z.string().optional(),
  operation: z.enum(['CREATE', 'UPDATE', 'DELETE', 'CONNECT']),
  userInfo: z
    .object({
      username: z.string().optional(),
      uid: z.string().optional(),
      groups: z.array(z.string()).nullable().optional(),
      extra: z.record(z.string(), z.array(z.string())).nullable().optional(),
    })
    .default({}),
  object: objectSchema,
  oldObject: objectSchema,
  dryRun: z.boolean().nullable().optional(),
  options: objectSchema,
});

/** A review as a webhook receives it: type meta and a request. */
export const admissionReviewRequestSchema = z.looseObject({
  apiVersion: z.enum(admissionReviewVersions),
  kind: z.literal('AdmissionReview'),
  request: admissionRequestSchema,
});
