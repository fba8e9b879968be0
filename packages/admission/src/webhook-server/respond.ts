/**
 * Answering one AdmissionReview with a plugin, in-process: the plugin runs on the request's
 * attributes; a mutation becomes a base64 JSON Patch (fast-json-patch's `compare` of the object
 * before and after), a thrown StatusError becomes `allowed: false` with its Status (code,
 * message, reason, details), anything else thrown a 500 InternalError, and warnings the plugin
 * pushed to `attrs.warnings` come back in `response.warnings`. With both halves, the validating
 * one sees the mutated object.
 *
 * @example
 * const answer = await respondToReview(addTeamLabel, review);
 * answer.response; // { uid, allowed: true, patchType: 'JSONPatch', patch: 'W3sib3AiOi...' }
 */
import jsonpatch, { type Operation } from 'fast-json-patch';
import { type AdmissionAttributes, type Status, deepCopy, errors, isStatusError } from '@apiserver-kit/core';
import { type AdmissionPluginLike, splitPlugin } from '../plugins/split.js';
import { attributesFromReview } from './convert.js';
import type { AdmissionResponse, AdmissionReview, AdmissionStatus } from './types.js';

export interface RespondOptions {
  /** Sees errors that are not StatusErrors (plugin bugs) before they become a 500 answer. */
  onError?(err: unknown, review: AdmissionReview): void;
}

/** The Status an AdmissionResponse carries: kube's metav1.Status without type meta. */
export function admissionStatusOf(status: Status): AdmissionStatus {
  const out: AdmissionStatus = { metadata: {}, status: 'Failure' };
  if (status.message !== undefined) out.message = status.message;
  if (status.reason !== undefined) out.reason = status.reason;
  if (status.details !== undefined) out.details = deepCopy(status.details) as Record<string, unknown>;
  out.code = status.code;
  return out;
}

/** The JSON Patch that turns `before` into `after` (empty when nothing changed). */
export function patchBetween(before: unknown, after: unknown): Operation[] {
  if (before === undefined || after === undefined) return [];
  return jsonpatch.compare(before as object, after as object);
}

async function run(plugin: AdmissionPluginLike, attrs: AdmissionAttributes): Promise<void> {
  const { mutating, validating } = splitPlugin(plugin);
  const op = attrs.operation;
  if (mutating && (!mutating.handles || mutating.handles(op))) await mutating.admit(attrs);
  if (validating && (!validating.handles || validating.handles(op))) await validating.validate(attrs);
}

/** Run `plugin` on the review's request and return the review with its response. */
export async function respondToReview(
  plugin: AdmissionPluginLike,
  review: AdmissionReview,
  opts: RespondOptions = {},
): Promise<AdmissionReview> {
  const attrs = attributesFromReview(review);
  const uid = review.request!.uid;
  const before = attrs.object ? deepCopy(attrs.object) : undefined;
  let response: AdmissionResponse;
  try {
    await run(plugin, attrs);
    response = { uid, allowed: true };
    const patch = patchBetween(before, attrs.object);
    if (patch.length > 0) {
      response.patchType = 'JSONPatch';
      response.patch = Buffer.from(JSON.stringify(patch)).toString('base64');
    }
  } catch (err) {
    if (!isStatusError(err)) opts.onError?.(err, review);
    response = { uid, allowed: false, status: admissionStatusOf(errors.toStatusError(err).status) };
  }
  if (attrs.warnings && attrs.warnings.length > 0) response.warnings = [...attrs.warnings];
  return { apiVersion: review.apiVersion, kind: 'AdmissionReview', response };
}
