/** Test helper: run `fn`, expect a 400 BadRequest StatusError, return its message. */
import { StatusError } from '@apiserver-kit/core';

export function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof StatusError)) throw new Error(`expected a StatusError, got ${String(err)}`);
    if (err.status.code !== 400 || err.status.reason !== 'BadRequest') throw new Error(`expected 400 BadRequest, got ${err.status.code} ${err.status.reason}`);
    return err.status.message ?? '';
  }
  throw new Error('expected a 400 BadRequest, but nothing was thrown');
}
