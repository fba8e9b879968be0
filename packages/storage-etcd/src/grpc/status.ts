/**
 * gRPC failures as etcd3's typed errors: an `Error` whose message reads as grpc-js words it
 * (`14 UNAVAILABLE: No connection established`), cast by etcd3's `castGrpcError`, so the
 * storage's error rules (errors.ts) treat calls made by the unary client and by etcd3's own
 * (watch) client alike.
 *
 * @example
 * throw grpcError(4, 'Deadline exceeded'); // GRPCDeadlineExceededError, the storage's 504
 */
import { castGrpcError } from 'etcd3';

const names = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

export const Code = { Unknown: 2, DeadlineExceeded: 4, ResourceExhausted: 8, Internal: 13, Unavailable: 14 } as const;

/** The typed etcd3 error for gRPC status `code` with `details`. */
export function grpcError(code: number, details: string): Error {
  const err = Object.assign(new Error(`${code} ${names[code] ?? 'UNKNOWN'}: ${details}`), { code, details });
  return castGrpcError(err);
}

/**
 * The gRPC status of an HTTP/2 response without grpc-status, as gRPC maps HTTP codes
 * (https://github.com/grpc/grpc/blob/master/doc/http-grpc-status-mapping.md).
 */
export function codeOfHttpStatus(status: number): number {
  if (status === 400) return Code.Internal;
  if (status === 401) return 16;
  if (status === 403) return 7;
  if (status === 404) return 12;
  if (status === 429 || status === 502 || status === 503 || status === 504) return Code.Unavailable;
  return Code.Unknown;
}
