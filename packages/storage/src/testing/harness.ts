/**
 * Shared pieces of the storage conformance suite: the harness a backend provides, object
 * builders, error assertions and a watch event reader with timeout guards (tests await events;
 * the timeouts only turn a hang into a failure).
 *
 * @example
 * const h = useHarness(factory);
 * it('...', async () => {
 *   const events = new EventReader(await h().storage.watch('/k', { resourceVersion: rv }));
 *   expect((await events.next()).type).toBe('ADDED');
 * });
 */
import { afterEach, beforeEach, expect } from 'vitest';
import { StatusError, StorageError, type ApiObject, type Storage, type StorageErrorCode, type WatchEvent, type Watcher } from '@apiserver-kit/core';

/** What a backend hands the conformance suite for one test. */
export interface StorageHarness {
  /** An empty store (or one whose keys no other test touches). */
  storage: Storage;
  /** Compacts history up to `revision`, as etcd does: older revisions become unreadable. */
  compact(revision: number): Promise<void>;
  /** Releases everything; must also work after `storage.close()`. */
  cleanup(): Promise<void>;
}

export type StorageHarnessFactory = () => Promise<StorageHarness>;

/** A fresh harness per test; returns the accessor for the current one. */
export function useHarness(factory: StorageHarnessFactory): () => StorageHarness {
  let current: StorageHarness | undefined;
  beforeEach(async () => {
    current = await factory();
  });
  afterEach(async () => {
    const h = current;
    current = undefined;
    await h?.cleanup();
  });
  return () => {
    if (!current) throw new Error('the storage harness is only available inside a test');
    return current;
  };
}

export interface ObjectOptions {
  namespace?: string;
  labels?: Record<string, string>;
  uid?: string;
  data?: Record<string, string>;
}

/** A ConfigMap-shaped test object. */
export function configMap(name: string, opts: ObjectOptions = {}): ApiObject {
  const metadata: ApiObject['metadata'] = { name, namespace: opts.namespace ?? 'default', uid: opts.uid ?? `uid-${name}` };
  if (opts.labels) metadata.labels = opts.labels;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata, data: opts.data ?? {} };
}

/** A test object with a numeric counter. */
export function counter(name: string, count: number): ApiObject {
  return { apiVersion: 'test.example.com/v1', kind: 'Counter', metadata: { name, uid: `uid-${name}` }, spec: { count } };
}

export function countOf(obj: ApiObject | null | undefined): number {
  const spec = obj?.spec as { count?: unknown } | undefined;
  if (typeof spec?.count !== 'number') throw new Error(`object has no spec.count: ${JSON.stringify(obj)}`);
  return spec.count;
}

export function rv(obj: { metadata: { resourceVersion?: string } }): number {
  const value = obj.metadata.resourceVersion;
  expect(value).toMatch(/^[1-9][0-9]*$/);
  return Number(value);
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    const value = await promise;
    throw new ResolvedError(value);
  } catch (err) {
    if (err instanceof ResolvedError) expect.fail(`expected a rejection, got ${JSON.stringify(err.value)}`);
    return err;
  }
}

class ResolvedError extends Error {
  constructor(readonly value: unknown) {
    super('resolved');
  }
}

export async function expectStorageError(promise: Promise<unknown>, code: StorageErrorCode): Promise<StorageError> {
  const err = await rejection(promise);
  expect(err).toBeInstanceOf(StorageError);
  expect((err as StorageError).code).toBe(code);
  return err as StorageError;
}

export async function expectStatus(promise: Promise<unknown>, code: number, reason: string): Promise<StatusError> {
  const err = await rejection(promise);
  expect(err).toBeInstanceOf(StatusError);
  expect((err as StatusError).status).toMatchObject({ code, reason });
  return err as StatusError;
}

/** Reads a watch one event at a time; each read fails after `timeoutMs` instead of hanging. */
export class EventReader {
  private readonly it: AsyncIterator<WatchEvent>;

  constructor(
    readonly watcher: Watcher,
    private readonly timeoutMs = 5000,
  ) {
    this.it = watcher[Symbol.asyncIterator]();
  }

  async next(): Promise<WatchEvent> {
    const result = await this.guard(this.it.next(), 'a watch event');
    if (result.done) expect.fail('the watch ended while an event was expected');
    return result.value;
  }

  async take(n: number): Promise<WatchEvent[]> {
    const events: WatchEvent[] = [];
    while (events.length < n) events.push(await this.next());
    return events;
  }

  /** Reads until an event with resourceVersion `revision` arrives (at most `max` events). */
  async until(revision: number, max = 1000): Promise<WatchEvent[]> {
    const events: WatchEvent[] = [];
    while (events.length < max) {
      const ev = await this.next();
      events.push(ev);
      if (Number(ev.object.metadata.resourceVersion) >= revision) return events;
    }
    return expect.fail(`no event at revision ${revision} within ${max} events`);
  }

  /** Resolves when the iteration ends; fails if an event arrives instead. */
  async ended(): Promise<void> {
    const result = await this.guard(this.it.next(), 'the end of the watch');
    if (!result.done) expect.fail(`expected the watch to end, got ${JSON.stringify(result.value)}`);
  }

  private guard<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${this.timeoutMs} ms waiting for ${what}`)), this.timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}

/** Summaries that are easy to compare: type, name and resourceVersion. */
export function summary(events: WatchEvent[]): Array<[string, string | undefined, number]> {
  return events.map((e) => {
    const meta = e.object.metadata as { name?: string; resourceVersion?: string };
    return [e.type, meta.name, Number(meta.resourceVersion)];
  });
}

export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
