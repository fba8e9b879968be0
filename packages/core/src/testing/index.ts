/**
 * Test helpers for code built on the kit (`@apiserver-kit/core/testing`).
 *
 * @example
 * const err = statusOf(() => parseLabelSelector('a in ('));
 * expect(err.status.reason).toBe('BadRequest');
 * const err2 = await statusOfAsync(() => store.get('ns', 'missing'));
 */
import { StatusError } from '../status.js';

/** The StatusError `fn` throws; fails if it throws nothing or something else. */
export function statusOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error('expected a StatusError');
}

/** The StatusError `fn`'s promise rejects with; fails if it resolves or rejects with something else. */
export async function statusOfAsync(fn: () => Promise<unknown>): Promise<StatusError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error('expected a StatusError');
}
