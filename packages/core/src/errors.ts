/**
 * Constructors for every Status reason the kit emits, with kube-apiserver's exact messages
 * (k8s.io/apimachinery/pkg/api/errors). `docs/errors.md` lists when each is used.
 *
 * @example
 * throw errors.notFound({ group: '', resource: 'configmaps' }, 'x');
 * throw errors.invalid({ group: '', kind: 'ConfigMap' }, 'x', [fieldInvalid('metadata.name', 'X', 'bad')]);
 */
import { type GroupResource } from './gvk.js';
import { type FieldError, formatFieldError, fieldErrorCause } from './field-errors.js';
import { StatusError, failureStatus, type StatusCause, type StatusDetails } from './status.js';

export interface GroupKind {
  group: string;
  kind: string;
}

function qualified(name: string, group: string): string {
  return group === '' ? name : `${name}.${group}`;
}

function resourceDetails(gr: GroupResource, name?: string): StatusDetails {
  const d: StatusDetails = {};
  if (name) d.name = name;
  if (gr.group) d.group = gr.group;
  if (gr.resource) d.kind = gr.resource;
  return d;
}

export function notFound(gr: GroupResource, name: string): StatusError {
  return new StatusError(
    failureStatus(404, 'NotFound', `${qualified(gr.resource, gr.group)} "${name}" not found`, resourceDetails(gr, name)),
  );
}

export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return new StatusError(
    failureStatus(409, 'AlreadyExists', `${qualified(gr.resource, gr.group)} "${name}" already exists`, resourceDetails(gr, name)),
  );
}

/** The message of an optimistic-lock failure (registry's OptimisticLockErrorMsg). */
export const optimisticLockErrorMsg = 'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(gr: GroupResource, name: string, reason: string): StatusError {
  return new StatusError(
    failureStatus(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualified(gr.resource, gr.group)} "${name}": ${reason}`,
      resourceDetails(gr, name),
    ),
  );
}

/** A 409 Conflict with explicit causes (server-side apply field-manager conflicts). */
export function conflictWithCauses(gr: GroupResource, name: string, message: string, causes: StatusCause[]): StatusError {
  return new StatusError(failureStatus(409, 'Conflict', message, { ...resourceDetails(gr, name), causes }));
}

export function invalid(gk: GroupKind, name: string, fieldErrors: FieldError[]): StatusError {
  const details: StatusDetails = { name, kind: gk.kind, causes: fieldErrors.map(fieldErrorCause) };
  if (gk.group) details.group = gk.group;
  const head = `${qualified(gk.kind, gk.group)} "${name}" is invalid`;
  let message = head;
  if (fieldErrors.length === 1) message = `${head}: ${formatFieldError(fieldErrors[0]!)}`;
  else if (fieldErrors.length > 1) message = `${head}: [${fieldErrors.map(formatFieldError).join(', ')}]`;
  if (!name) delete details.name;
  return new StatusError(failureStatus(422, 'Invalid', message, details));
}

export function badRequest(message: string): StatusError {
  return new StatusError(failureStatus(400, 'BadRequest', message));
}

export function forbidden(gr: GroupResource, name: string, reason: string): StatusError {
  let message: string;
  if (gr.resource === '' && gr.group === '') message = `forbidden: ${reason}`;
  else if (name === '') message = `${qualified(gr.resource, gr.group)} is forbidden: ${reason}`;
  else message = `${qualified(gr.resource, gr.group)} "${name}" is forbidden: ${reason}`;
  return new StatusError(failureStatus(403, 'Forbidden', message, resourceDetails(gr, name)));
}

export function unauthorized(message = 'Unauthorized'): StatusError {
  return new StatusError(failureStatus(401, 'Unauthorized', message));
}

export function methodNotSupported(gr: GroupResource, action: string): StatusError {
  return new StatusError(
    failureStatus(
      405,
      'MethodNotAllowed',
      `${action} is not supported on resources of kind "${qualified(gr.resource, gr.group)}"`,
      resourceDetails(gr),
    ),
  );
}

export function notAcceptable(accepted: string[]): StatusError {
  return new StatusError(
    failureStatus(406, 'NotAcceptable', `only the following media types are accepted: ${accepted.join(', ')}`),
  );
}

export function unsupportedMediaType(contentType: string, accepted: string[]): StatusError {
  return new StatusError(
    failureStatus(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
      contentType ? {} : undefined,
    ),
  );
}

export function requestEntityTooLarge(message: string): StatusError {
  return new StatusError(failureStatus(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`));
}

export function gone(message: string): StatusError {
  return new StatusError(failureStatus(410, 'Gone', message));
}

export function expired(message: string): StatusError {
  return new StatusError(failureStatus(410, 'Expired', message));
}

/** The 410 a watch or list gets for a compacted resourceVersion. */
export function tooOldResourceVersion(requested: number, oldest: number): StatusError {
  return expired(`too old resource version: ${requested} (${oldest})`);
}

/** The 410 a list gets for a continue token whose snapshot was compacted. */
export const continueExpiredMessage =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export function tooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return new StatusError(failureStatus(429, 'TooManyRequests', message, { retryAfterSeconds }), {
    'Retry-After': String(retryAfterSeconds),
  });
}

export function internalError(err: unknown): StatusError {
  const text = err instanceof Error ? err.message : String(err);
  return new StatusError(
    failureStatus(500, 'InternalError', `Internal error occurred: ${text}`, { causes: [{ message: text }] }),
  );
}

export function serviceUnavailable(message: string): StatusError {
  return new StatusError(failureStatus(503, 'ServiceUnavailable', message));
}

export function timeout(message: string, retryAfterSeconds = 0): StatusError {
  const details: StatusDetails = retryAfterSeconds > 0 ? { retryAfterSeconds } : {};
  const headers: Record<string, string> = retryAfterSeconds > 0 ? { 'Retry-After': String(retryAfterSeconds) } : {};
  return new StatusError(failureStatus(504, 'Timeout', `Timeout: ${message}`, details), headers);
}

/** The 504 a list or get gets for a resourceVersion newer than the store has (after waiting). */
export function tooLargeResourceVersion(requested: number, current: number, retryAfterSeconds = 1): StatusError {
  return new StatusError(
    failureStatus(504, 'Timeout', `Timeout: Too large resource version: ${requested}, current: ${current}`, {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds,
    }),
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

/** Wrap anything thrown into a StatusError (a non-StatusError becomes a 500 InternalError). */
export function toStatusError(err: unknown): StatusError {
  if (err instanceof StatusError) return err;
  return internalError(err);
}

/** The 404 for a path the server does not serve (no such resource, group or version). */
export function pathNotFound(): StatusError {
  const status = failureStatus(404, 'NotFound', 'the server could not find the requested resource');
  status.details = {};
  return new StatusError(status);
}
