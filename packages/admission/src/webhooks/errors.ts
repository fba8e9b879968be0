/**
 * The errors webhook admission answers with, as kube builds them:
 *
 * - a denial: `admission webhook "<name>" denied the request: <message>` (or `... without
 *   explanation`), with the webhook's status code (400 when it gave none or one below 400),
 *   its reason and details;
 * - a failed call (kube's ErrCallingWebhook): `failed calling webhook "<name>": <reason>`, which
 *   failurePolicy Fail turns into a 500 `Internal error occurred: ...` and Ignore skips;
 * - a dry-run request for a webhook with side effects: 400 `admission webhook "<name>" does not support dry run`.
 */
import { type Status, type StatusReason, StatusError, errors, isRecord } from '@apiserver-kit/core';

/** A failure to get a usable answer from a webhook; failurePolicy decides what it means. */
export class CallingWebhookError extends Error {
  constructor(
    readonly webhookName: string,
    readonly reason: string,
  ) {
    super(`failed calling webhook "${webhookName}": ${reason}`);
    this.name = 'CallingWebhookError';
  }
}

/** kube's webhookerrors.ToStatusErr: the StatusError of a webhook's denial. */
export function denialError(webhookName: string, result: Record<string, unknown> | undefined): StatusError {
  const r = result ?? {};
  const deniedBy = `admission webhook "${webhookName}" denied the request`;
  const message = typeof r.message === 'string' ? r.message : '';
  const reason = typeof r.reason === 'string' ? r.reason : '';
  let code = typeof r.code === 'number' && Number.isInteger(r.code) ? r.code : 0;
  if (code < 400) code = 400;
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: message ? `${deniedBy}: ${message}` : reason ? `${deniedBy}: ${reason}` : `${deniedBy} without explanation`,
    code,
  };
  if (reason) status.reason = reason as StatusReason;
  if (isRecord(r.details)) status.details = structuredClone(r.details);
  return new StatusError(status);
}

/** kube's NewDryRunUnsupportedErr. */
export function dryRunUnsupportedError(webhookName: string): StatusError {
  return errors.badRequest(`admission webhook "${webhookName}" does not support dry run`);
}

/** What failurePolicy Fail makes of a failed call: kube's NewInternalError of it. */
export function failClosedError(err: CallingWebhookError): StatusError {
  return errors.internalError(err);
}
