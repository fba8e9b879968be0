/**
 * Group commit: writes queued during one turn of the event loop are appended in one transaction,
 * so concurrent writers share one fsync. Each write's promise settles only after its batch is
 * durable: with the committed event, or with null when its expectation (the key's modRevision)
 * no longer held — including when an earlier write of the same batch changed the key.
 *
 * @example
 * const gc = new GroupCommit({ commit: (writes) => log.commit(rev, writes), onCommitted });
 * const event = await gc.submit({ key: '/a', value: '{}', expect: 0 }); // null: /a exists
 */
import { StorageError } from '@apiserver-kit/core';
import type { StoreEvent } from '@apiserver-kit/storage';
import type { LogWrite } from './log-table.js';

export interface GroupCommitOptions {
  /** Appends a batch durably (throws when the transaction fails); null marks a conflict. */
  commit(writes: LogWrite[]): Array<StoreEvent | null>;
  /** Called after each durable batch with its events, before any writer is answered. */
  onCommitted(events: StoreEvent[]): void;
  /** Most writes per transaction; the rest wait for the next one. Default 1000. */
  maxBatch?: number;
}

interface Pending {
  write: LogWrite;
  resolve(event: StoreEvent | null): void;
  reject(err: unknown): void;
}

export class GroupCommit {
  private queue: Pending[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private readonly maxBatch: number;

  constructor(private readonly opts: GroupCommitOptions) {
    this.maxBatch = opts.maxBatch ?? 1000;
  }

  /** Queues a write for the next batch. */
  submit(write: LogWrite): Promise<StoreEvent | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      this.scheduled ??= setImmediate(() => {
        this.scheduled = undefined;
        this.flush();
      });
    });
  }

  /** Commits everything queued now (close uses it). */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    while (this.queue.length > 0) this.commitBatch(this.queue.splice(0, this.maxBatch));
  }

  private commitBatch(batch: Pending[]): void {
    let results: Array<StoreEvent | null>;
    try {
      results = this.opts.commit(batch.map((p) => p.write));
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      for (const p of batch) p.reject(new StorageError('Unreachable', p.write.key, `commit failed: ${why}`));
      return;
    }
    try {
      this.opts.onCommitted(results.filter((e): e is StoreEvent => e !== null));
    } finally {
      batch.forEach((p, i) => p.resolve(results[i] ?? null));
    }
  }
}
