/**
 * The Kubernetes `Status` object (meta/v1) and `StatusError`, the one error type every block
 * throws. The server writes `err.status` as the response body with `err.status.code` as the
 * HTTP status, so whatever fails anywhere reaches the client as a proper Status.
 *
 * @example
 * throw StatusError.notFound({ group: '', resource: 'configmaps' }, 'x');
 * // 404 {"kind":"Status",...,"reason":"NotFound","message":"configmaps \"x\" not found"}
 */

/** A reason from k8s.io/apimachinery/pkg/apis/meta/v1 StatusReason. */
export type StatusReason =
  | 'Unknown'
  | 'Unauthorized'
  | 'Forbidden'
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Gone'
  | 'Invalid'
  | 'ServerTimeout'
  | 'StoreReadError'
  | 'Timeout'
  | 'TooManyRequests'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType'
  | 'InternalError'
  | 'Expired'
  | 'ServiceUnavailable';

/** A cause type from meta/v1 CauseType (field.ErrorType values plus a few server ones). */
export type CauseType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid'
  | 'UnexpectedServerResponse'
  | 'FieldManagerConflict'
  | 'ResourceVersionTooLarge';

export interface StatusCause {
  reason?: CauseType | string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string };
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

export function failureStatus(code: number, reason: StatusReason, message: string, details?: StatusDetails): Status {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details && Object.keys(details).length > 0) status.details = details;
  return status;
}

/** A Success Status as the registry answers a delete: no code on the wire, as in kube. */
export type SuccessStatus = Omit<Status, 'code'>;

export function successStatus(details?: StatusDetails): SuccessStatus {
  const status: SuccessStatus = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' };
  if (details) status.details = details;
  return status;
}

const brand = Symbol.for('apiserver-kit.StatusError');

/** An error that carries the Status the client receives. `code` is the Kubernetes reason. */
export class StatusError extends Error {
  readonly status: Status;
  /** The reason, e.g. 'NotFound'; present on every instance, like jose's error codes. */
  readonly code: StatusReason;
  /** Extra response headers, e.g. Retry-After. */
  readonly headers: Record<string, string>;

  constructor(status: Status, headers: Record<string, string> = {}) {
    super(status.message ?? status.reason ?? 'Unknown');
    this.name = 'StatusError';
    this.status = status;
    this.code = status.reason ?? 'Unknown';
    this.headers = headers;
    Object.defineProperty(this, brand, { value: true });
  }

  /** The HTTP status code. */
  get httpCode(): number {
    return this.status.code;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
  }
}

export function isStatusError(value: unknown): value is StatusError {
  return value instanceof StatusError;
}

/** True when `err` is a StatusError with the given reason. */
export function hasReason(err: unknown, reason: StatusReason): boolean {
  return isStatusError(err) && err.status.reason === reason;
}
