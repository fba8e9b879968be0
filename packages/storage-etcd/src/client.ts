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
import { kvMethods, type UnaryMethod } from './grpc/proto.js';
import { UnaryClient } from './grpc/unary.js';
import { clientOptions, unaryOptions, type EtcdStorageOptions } from './options.js';

export type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse>;

const maxAttempts = 6;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class EtcdKv {
  /** etcd3's client, for watch streams. */
  private readonly client: Etcd3;
  /** Range, Txn and Compact: unary calls over node:http2 (grpc/unary.ts says why). */
  private readonly unary: UnaryClient;
  private closed = false;

  constructor(
    options: EtcdStorageOptions,
    readonly timeoutMs: number,
  ) {
    this.client = new Etcd3(clientOptions(options));
    this.unary = new UnaryClient(unaryOptions(options));
  }

  /** A linearizable range read (or one at `req.revision`); retried while it fails transiently. */
  range(key: string, req: IRangeRequest): Promise<IRangeResponse> {
    return this.call(key, 'read', this.attempt(kvMethods.Range, req));
  }

  /** A transaction; repeated only when it certainly never reached etcd. */
  txn(key: string, req: ITxnRequest): Promise<ITxnResponse> {
    return this.call(key, 'write', this.attempt(kvMethods.Txn, req));
  }

  /**
   * A transaction guarded by compares that its own success makes false (create_revision == 0,
   * mod_revision == N): it is also sent again when its connection dropped, or etcd failed it
   * transiently, before the answer came, because applying it twice is impossible. `resent` then
   * tells the caller that a failed compare may be its own first attempt, applied: it checks the
   * key's value before calling it a conflict.
   */
  async guardedTxn(key: string, req: ITxnRequest): Promise<ITxnResponse & { resent: boolean }> {
    if (!req.compare?.length) throw new TypeError('guardedTxn needs a compare');
    let resent = false;
    const res = await this.call(key, 'guarded', this.attempt(kvMethods.Txn, req), () => (resent = true));
    return Object.assign(res, { resent });
  }

  /** Compacts history before `revision`; compacting to an already compacted revision is a no-op. */
  async compact(revision: number): Promise<void> {
    try {
      await this.call('', 'write', this.attempt(kvMethods.Compact, { revision, physical: false }));
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
    this.unary.close();
  }

  ensureOpen(key: string): void {
    if (this.closed) throw new StorageError('Unreachable', key, 'storage is closed');
  }

  /** One try of a unary call: the request is encoded once, for every try. */
  private attempt<Req, Res>(method: UnaryMethod<Req, Res>, req: Req): (deadline: number) => Promise<Res> {
    const body = method.encode(req);
    return async (deadline) => method.decode(await this.unary.call(method.path, body, deadline));
  }

  /**
   * Runs `fn` until it succeeds or its failure is final. Reads and guarded writes are retried on
   * any transient failure, other writes only when they never reached etcd; `onResend` hears of a
   * retry after a failure that may have reached etcd.
   */
  private async call<T>(key: string, kind: 'read' | 'write' | 'guarded', fn: (deadline: number) => Promise<T>, onResend?: () => void): Promise<T> {
    this.ensureOpen(key);
    const deadline = Date.now() + this.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn(deadline);
      } catch (err) {
        const retry = kind === 'write' ? neverSent(err) : transient(err);
        const pause = Math.min(25 * 2 ** attempt, 250);
        if (!retry || attempt >= maxAttempts || Date.now() + pause >= deadline) throw toStorageFailure(err, key, this.timeoutMs);
        if (!neverSent(err)) onResend?.();
        await sleep(pause);
        this.ensureOpen(key);
      }
    }
  }
}
