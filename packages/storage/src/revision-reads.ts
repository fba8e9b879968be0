/**
 * The resourceVersion rules of reads that every log-structured backend shares (MemoryStorage,
 * SqliteStorage): waiting (bounded) for a revision the store has not reached yet, and choosing
 * the revision and start key of a list from resourceVersion, resourceVersionMatch and a
 * continue token.
 *
 * @example
 * const waiters = new RevisionWaiters(3000);
 * await waiters.await(target, () => store.revision);     // 504 past the wait
 * waiters.wake(event.revision);                           // after every commit
 * const read = await listRead(prefix, opts, { current, compacted, await: (t) => waiters.await(t, current) });
 */
import { type ListOptions, errors } from '@apiserver-kit/core';
import { decodeContinueToken } from './continue-token.js';
import { parseResourceVersion } from './resource-version.js';

interface Waiter {
  target: number;
  wake(): void;
}

export class RevisionWaiters {
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly waitMs: number) {}

  /** Waits until `current()` reaches `target` or the wait runs out; then 504 if it did not. */
  async await(target: number, current: () => number): Promise<void> {
    if (target <= current()) return;
    await new Promise<void>((resolve) => {
      const waiter: Waiter = {
        target,
        wake: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
      };
      const timer = setTimeout(waiter.wake, this.waitMs);
      this.waiters.add(waiter);
    });
    if (target > current()) throw errors.tooLargeResourceVersion(target, current());
  }

  /** Releases the waits a commit at `revision` satisfies. */
  wake(revision: number): void {
    for (const w of this.waiters) if (w.target <= revision) w.wake();
  }
}

export interface RevisionState {
  current(): number;
  compacted(): number;
  /** Waits for a revision (see RevisionWaiters); also where a closed store refuses. */
  await(target: number): Promise<void>;
}

export interface ListRead {
  /** The prefix, ending in '/'. */
  dir: string;
  /** The first key to read (the prefix itself, or a continue token's key). */
  startKey: string;
  revision: number;
}

/** Which revision and start key a list reads at, with kube's errors (400, 410, 504). */
export async function listRead(prefix: string, opts: ListOptions, state: RevisionState): Promise<ListRead> {
  const dir = prefix.endsWith('/') ? prefix : `${prefix}/`;
  if (opts.continue) {
    if (opts.resourceVersion && opts.resourceVersion !== '0') {
      throw errors.badRequest('specifying resource version is not allowed when using continue');
    }
    const token = decodeContinueToken(opts.continue, dir);
    await state.await(token.revision);
    if (token.revision > 0 && token.revision < state.compacted()) throw errors.expired(errors.continueExpiredMessage);
    return { dir, startKey: token.startKey, revision: token.revision > 0 ? token.revision : state.current() };
  }
  const requested = parseResourceVersion(opts.resourceVersion);
  const match = opts.resourceVersionMatch ?? 'NotOlderThan';
  if (match !== 'NotOlderThan' && match !== 'Exact') throw errors.badRequest(`unknown ResourceVersionMatch value: ${String(match)}`);
  await state.await(requested);
  let revision = state.current();
  if (match === 'Exact' && requested > 0) {
    if (requested < state.compacted()) throw errors.tooOldResourceVersion(requested, state.compacted());
    revision = requested;
  }
  return { dir, startKey: dir, revision };
}
