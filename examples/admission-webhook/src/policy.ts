/**
 * The policy: every object must carry an `owner` label, and gets the annotation
 * `example.com/managed-by: admission-webhook` when it has none. Two plain admission plugins
 * (core's `ValidatingPlugin` and `MutatingPlugin`): unit-test them with `runPlugin`, run them
 * in-process in an API server's admission chain, or serve them as webhooks (server.ts).
 *
 * The denial's message is only `missing required label "owner"`, because kube-apiserver
 * prefixes a webhook's message with `admission webhook "<name>" denied the request: `, so
 * kubectl prints `... denied the request: missing required label "owner"`.
 *
 * @example
 * import { runPlugin, admissionAttributes } from '@apiserver-kit/admission/testing';
 * const result = await runPlugin(requireOwnerLabel, admissionAttributes({ object: configMap }));
 * result.status?.message; // 'missing required label "owner"'
 * await runPlugin(defaultAnnotation, admissionAttributes({ object: configMap })); // patch adds the annotation
 */
import { admissionObjectName } from '@apiserver-kit/admission';
import {
  type AdmissionAttributes,
  type AdmissionOperation,
  type MutatingPlugin,
  type StatusDetails,
  type ValidatingPlugin,
  StatusError,
  failureStatus,
} from '@apiserver-kit/core';

/** The label every object must carry. */
export const ownerLabel = 'owner';
/** The annotation the mutating half adds, and its value. */
export const managedByAnnotation = 'example.com/managed-by';
export const managedByValue = 'admission-webhook';

const writes = (op: AdmissionOperation) => op === 'CREATE' || op === 'UPDATE';

/** Writes of the object itself: not a subresource, not an object already being deleted (finalizers must still come off). */
function applies(attrs: AdmissionAttributes): boolean {
  return attrs.subresource === '' && attrs.object !== undefined && !attrs.object.metadata.deletionTimestamp;
}

/** The 403 the validating half answers; its message reads well behind kube's webhook prefix. */
export function missingOwnerError(attrs: AdmissionAttributes): StatusError {
  const details: StatusDetails = {
    name: admissionObjectName(attrs),
    kind: attrs.resource.resource,
    causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: `metadata.labels.${ownerLabel}` }],
  };
  if (attrs.resource.group) details.group = attrs.resource.group;
  return new StatusError(failureStatus(403, 'Forbidden', `missing required label "${ownerLabel}"`, details));
}

/**
 * Refuses a CREATE or UPDATE of an object without a non-empty `owner` label, and warns when an
 * UPDATE hands the object to another owner.
 */
export const requireOwnerLabel: ValidatingPlugin = {
  name: 'RequireOwnerLabel',
  handles: writes,
  async validate(attrs) {
    if (!applies(attrs)) return;
    const owner = attrs.object!.metadata.labels?.[ownerLabel];
    if (!owner) throw missingOwnerError(attrs);
    const previous = attrs.oldObject?.metadata.labels?.[ownerLabel];
    if (attrs.operation === 'UPDATE' && previous && previous !== owner) {
      (attrs.warnings ??= []).push(`${ownerLabel} label changed from "${previous}" to "${owner}"`);
    }
  },
};

/** Adds `example.com/managed-by: admission-webhook` to a created or updated object that lacks it. */
export const defaultAnnotation: MutatingPlugin = {
  name: 'DefaultAnnotation',
  handles: writes,
  async admit(attrs) {
    if (!applies(attrs)) return;
    const meta = attrs.object!.metadata;
    if (meta.annotations?.[managedByAnnotation] !== undefined) return;
    meta.annotations = { ...meta.annotations, [managedByAnnotation]: managedByValue };
  },
};

/** Both halves, as the webhook server and `admissionWebhook` take them. */
export const policy = { mutating: defaultAnnotation, validating: requireOwnerLabel };
