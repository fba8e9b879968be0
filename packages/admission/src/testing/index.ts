/**
 * Test helpers for admission plugins and webhooks (`@apiserver-kit/admission/testing`):
 * attribute and AdmissionReview builders with sensible defaults, the fetch request that POSTs a
 * review, `runPlugin` (a plugin through the webhook wire path, in-process), and an in-memory
 * ObjectLookup for plugins that read objects.
 *
 * @example
 * const result = await runPlugin(addTeamLabel, admissionAttributes({ object: configMap }));
 * expect(result.allowed).toBe(true);
 * expect(result.patch).toEqual([{ op: 'add', path: '/metadata/labels', value: { team: 'core' } }]);
 * await fetch(webhookUrl, reviewRequestFor(admissionAttributes({ operation: 'DELETE', oldObject: cm })));
 */
import jsonpatch, { type Operation } from 'fast-json-patch';
import { type AdmissionAttributes, type ApiObject, deepCopy, gvkOf } from '@apiserver-kit/core';
import type { AdmissionPluginLike } from '../plugins/split.js';
import { reviewFromAttributes } from '../webhook-server/convert.js';
import { respondToReview } from '../webhook-server/respond.js';
import type { AdmissionRequest, AdmissionResponse, AdmissionReview, AdmissionStatus } from '../webhook-server/types.js';

export { MemoryObjectLookup, guessResource } from './memory-lookup.js';
import { guessResource } from './memory-lookup.js';

const defaultObject = (): ApiObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'test', namespace: 'default' },
});

/**
 * AdmissionAttributes with defaults: the operation follows the objects given (object only:
 * CREATE, both: UPDATE, oldObject only: DELETE), kind, resource, name and namespace follow the
 * object (a ConfigMap `test` in `default` when none is given), user `alice`.
 */
export function admissionAttributes(partial: Partial<AdmissionAttributes> = {}): AdmissionAttributes {
  const operation =
    partial.operation ?? (partial.object && partial.oldObject ? 'UPDATE' : partial.oldObject ? 'DELETE' : 'CREATE');
  let object = partial.object;
  if (!object && !partial.oldObject && operation !== 'DELETE' && operation !== 'CONNECT') object = defaultObject();
  const oldObject = partial.oldObject ?? (operation === 'DELETE' && !partial.object ? defaultObject() : undefined);
  const source = object ?? oldObject;
  const gvk = source ? gvkOf(source) : { group: '', version: 'v1', kind: 'ConfigMap' };
  const attrs: AdmissionAttributes = {
    operation,
    kind: partial.kind ?? gvk,
    resource: partial.resource ?? { group: gvk.group, version: gvk.version, resource: guessResource(gvk.kind) },
    subresource: partial.subresource ?? '',
    name: partial.name ?? source?.metadata.name ?? '',
    namespace: partial.namespace ?? source?.metadata.namespace ?? '',
    dryRun: partial.dryRun ?? false,
    user: partial.user ?? { name: 'alice', groups: ['system:authenticated'] },
    warnings: partial.warnings ?? [],
  };
  if (object) attrs.object = object;
  if (oldObject) attrs.oldObject = oldObject;
  if (partial.options) attrs.options = partial.options;
  return attrs;
}

/** An AdmissionReview request: `admissionAttributes()`'s defaults, then the fields given. */
export function admissionReview(
  request: Partial<AdmissionRequest> = {},
  apiVersion: AdmissionReview['apiVersion'] = 'admission.k8s.io/v1',
): AdmissionReview {
  const base = reviewFromAttributes(admissionAttributes(), { apiVersion, ...(request.uid ? { uid: request.uid } : {}) });
  return { ...base, request: { ...base.request!, ...deepCopy(request) } };
}

/** A fetch RequestInit that POSTs the review of `attrs` (or a review) to a webhook. */
export function reviewRequestFor(input: AdmissionAttributes | AdmissionReview): {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
} {
  const review = 'kind' in input && input.kind === 'AdmissionReview' ? (input as AdmissionReview) : reviewFromAttributes(input as AdmissionAttributes);
  return { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(review) };
}

export interface PluginResult {
  allowed: boolean;
  /** The JSON Patch the webhook would send (decoded); empty when nothing changed. */
  patch: Operation[];
  warnings: string[];
  /** Present when refused: code, message, reason, details. */
  status?: AdmissionStatus;
  /** The object after mutation (CREATE / UPDATE). */
  object?: ApiObject;
  response: AdmissionResponse;
}

/** Run a plugin as its webhook would: review in, response out, the patch decoded. */
export async function runPlugin(plugin: AdmissionPluginLike, attrs: AdmissionAttributes = admissionAttributes()): Promise<PluginResult> {
  const answer = await respondToReview(plugin, reviewFromAttributes(attrs));
  const response = answer.response!;
  const patch = response.patch ? (JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8')) as Operation[]) : [];
  const result: PluginResult = { allowed: response.allowed, patch, warnings: response.warnings ?? [], response };
  if (response.status) result.status = response.status;
  if (attrs.object) {
    result.object = jsonpatch.applyPatch(deepCopy(attrs.object), patch, false, false).newDocument;
  }
  return result;
}
