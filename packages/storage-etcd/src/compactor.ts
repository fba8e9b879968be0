/**
 * Periodic compaction, as kube-apiserver's compactor does it: every interval, each server tries
 * to advance a shared counter key (`compact_rev_key`) by compare-and-swap on its version; the one
 * that wins compacts etcd to the revision it saw one interval earlier, so watchers and paginated
 * lists always keep at least one interval of history, and several servers sharing an etcd
 * compact once per interval between them.
 *
 * @example
 * const stop = startCompactor(kv, 5 * 60_000, (err) => log.warn('compaction failed', err));
 * stop();
 */
import type { EtcdKv } from './client.js';

/** The key kube-apiserver's compactors coordinate through (outside any prefix, as in kube). */
export const compactRevKey = Buffer.from('compact_rev_key');

interface CompactState {
  /** The version of compact_rev_key this server last saw. */
  version: number;
  /** The revision to compact to on the next successful round. */
  revision: number;
}

/** One round; returns the state for the next round. */
export async function compactRound(kv: EtcdKv, state: CompactState): Promise<CompactState> {
  const res = await kv.txn('compact_rev_key', {
    compare: [{ key: compactRevKey, target: 'Version', result: 'Equal', version: state.version }],
    success: [{ request_put: { key: compactRevKey, value: Buffer.from(String(state.revision)) } }],
    failure: [{ request_range: { key: compactRevKey } }],
  });
  const current = Number(res.header.revision);
  if (!res.succeeded) {
    // Another server won this round: follow its counter, compact nothing.
    const kvs = res.responses[0]?.response_range?.kvs ?? [];
    return { version: Number(kvs[0]?.version ?? 0), revision: current };
  }
  if (state.revision > 0) await kv.compact(state.revision);
  return { version: state.version + 1, revision: current };
}

/** Compacts every `intervalMs` until the returned function is called. Failures go to `onError`. */
export function startCompactor(kv: EtcdKv, intervalMs: number, onError: (err: unknown) => void): () => void {
  let state: CompactState = { version: 0, revision: 0 };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    compactRound(kv, state)
      .then((next) => (state = next), onError)
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
