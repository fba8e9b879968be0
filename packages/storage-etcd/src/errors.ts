/**
 * What an etcd (gRPC) failure means for a storage call: whether it may be retried, and the
 * error the caller gets once retrying is over.
 *
 * - `neverSent`: the request provably did not reach a member (no connection, member skipped,
 *   no leader, proposal dropped), so even a write may be repeated on another member.
 * - `transient`: any temporary failure; reads (which change nothing) are retried on these.
 * - `toStorageFailure`: an unreachable etcd is StorageError Unreachable (the server answers 503
 *   ServiceUnavailable), a call that ran out of time is 504 Timeout, an oversized write 413.
 *
 * @example
 * try { await kv.range(req, { deadline }); }
 * catch (err) { if (transient(err)) retry(); else throw toStorageFailure(err, key, timeoutMs); }
 */
import { StorageError, errors } from '@apiserver-kit/core';
import { GRPCDeadlineExceededError, GRPCUnavailableError, isRecoverableError } from 'etcd3';
import { MemberSkippedError } from './policies.js';

const notSentMessage =
  /No connection established|ECONNREFUSED|etcdserver: no leader|raft proposal dropped|etcdserver: not capable|etcdserver: too many requests/;
const transientMessage = /etcdserver: (request timed out|leader changed|server stopped|not leader)|Connection dropped|ECONNRESET|GOAWAY|transport is closing/i;

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** The request did not reach etcd, so repeating it cannot apply it twice. */
export function neverSent(err: unknown): boolean {
  return err instanceof MemberSkippedError || notSentMessage.test(messageOf(err));
}

/** A temporary failure: worth another try for a read. */
export function transient(err: unknown): boolean {
  if (neverSent(err) || err instanceof GRPCUnavailableError) return true;
  if (err instanceof GRPCDeadlineExceededError) return false;
  return transientMessage.test(messageOf(err)) || (err instanceof Error && isRecoverableError(err));
}

/** etcd refused a read at a compacted revision. */
export function isCompacted(err: unknown): boolean {
  return /required revision has been compacted/.test(messageOf(err));
}

/** etcd refused a read at a revision it has not reached. */
export function isFutureRevision(err: unknown): boolean {
  return /required revision is a future revision/.test(messageOf(err));
}

/** The error a storage call fails with once etcd's failure is final. */
export function toStorageFailure(err: unknown, key: string, timeoutMs: number): Error {
  const message = messageOf(err);
  if (err instanceof GRPCDeadlineExceededError || /etcdserver: request timed out/.test(message))
    return errors.timeout(`etcd did not answer within ${timeoutMs} ms (${message})`, 1);
  if (/etcdserver: request is too large/.test(message)) return errors.requestEntityTooLarge(message);
  if (transient(err)) return new StorageError('Unreachable', key, `etcd is unreachable: ${message}`);
  return err instanceof Error ? err : new Error(message);
}
