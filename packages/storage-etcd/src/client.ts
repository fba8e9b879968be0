/**
 * EtcdKv: the etcd calls EtcdStorage makes, each with a deadline (retries included) and a retry
 * policy that never repeats a write that may have been applied: reads are retried on any
 * transient failure, writes only when the request provably never reached a member. Failures
 * come out as the storage contract's errors (see errors.ts).
 *
 * @example
 * const kv = new EtcdKv({ endpoints: ['http://127.0.0.1:2379'] }, 10_000);
 * const res = await kv.range('/registry/x', { key: Buffer.from('/registry/x') });
 * kv.close();
 */
import {
  Etcd3,
  type IDuplexStream,
  type IRangeRequest,
  type IRangeResponse,
  type ITxnRequest,
  type ITxnResponse,
  type IWatchRequest,
  type IWatchResponse,
} from 'etcd3';
import { StorageError } from '@apiserver-kit/core';
import { isCompacted, isFutureRevision, neverSent, toStorageFailure, transient } from './errors.js';
import { clientOptions, type EtcdStorageOptions } from './options.js';

export type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse>;

const maxAttempts = 6;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class EtcdKv {
  private readonly client: Etcd3;
  private closed = false;

  constructor(
    options: EtcdStorageOptions,
    readonly timeoutMs: number,
  ) {
    this.client = new Etcd3(clientOptions(options));
  }

  /** A linearizable range read (or one at `req.revision`); retried while it fails transiently. */
  range(key: string, req: IRangeRequest): Promise<IRangeResponse> {
    return this.call(key, 'read', (deadline) => this.client.kv.range(req, { deadline }));
  }

  /** A transaction; repeated only when it certainly never reached etcd. */
  txn(key: string, req: ITxnRequest): Promise<ITxnResponse> {
    return this.call(key, 'write', (deadline) => this.client.kv.txn(req, { deadline }));
  }

  /** Compacts history before `revision`; compacting to an already compacted revision is a no-op. */
  async compact(revision: number): Promise<void> {
    try {
      await this.call('', 'write', (deadline) => this.client.kv.compact({ revision, physical: false }, { deadline }));
    } catch (err) {
      if (isCompacted(err)) return;
      if (isFutureRevision(err)) throw new RangeError(`cannot compact to future revision ${revision}`);
      throw err;
    }
  }

  /** A new gRPC watch stream (one per storage watch). */
  async watchStream(key = ''): Promise<WatchStream> {
    this.ensureOpen(key);
    try {
      return await this.client.watchClient.watch();
    } catch (err) {
      throw toStorageFailure(err, key, this.timeoutMs);
    }
  }

  /**
   * The revision etcd has compacted to, read from the cancel reason of a watch from revision 1;
   * undefined when etcd does not say within a second of creating the watch (nothing compacted).
   */
  async compactedRevision(): Promise<number | undefined> {
    const stream = await this.watchStream();
    return new Promise((resolve) => {
      let timer = setTimeout(() => done(undefined), this.timeoutMs);
      const done = (revision: number | undefined) => {
        clearTimeout(timer);
        stream.cancel();
        resolve(revision);
      };
      stream.on('data', (res) => {
        if (res.canceled) return done(Number(res.compact_revision) || undefined);
        if (res.created) {
          clearTimeout(timer);
          timer = setTimeout(() => done(undefined), 1000);
        }
      });
      stream.on('error', () => done(undefined));
      stream.write({ create_request: { key: Buffer.from('\u0000compacted-revision-probe'), start_revision: 1 } });
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.client.close();
  }

  ensureOpen(key: string): void {
    if (this.closed) throw new StorageError('Unreachable', key, 'storage is closed');
  }

  private async call<T>(key: string, kind: 'read' | 'write', fn: (deadline: number) => Promise<T>): Promise<T> {
    this.ensureOpen(key);
    const deadline = Date.now() + this.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(deadline);
      } catch (err) {
        const retry = kind === 'read' ? transient(err) : neverSent(err);
        const pause = Math.min(25 * 2 ** attempt, 250);
        if (!retry || attempt >= maxAttempts || Date.now() + pause >= deadline) throw toStorageFailure(err, key, this.timeoutMs);
        await sleep(pause);
        this.ensureOpen(key);
      }
    }
  }
}
