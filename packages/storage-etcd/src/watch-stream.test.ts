/**
 * WatchStreamer against a scripted etcd watch stream: resumption after a broken stream,
 * compaction while disconnected, progress notifications and a lost prev_kv.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { StorageError, type WatchEvent } from '@apiserver-kit/core';
import { EventReader } from '@apiserver-kit/storage/testing';
import type { IWatchRequest, IWatchResponse } from 'etcd3';
import type { EtcdKv } from './client.js';
import { KeySpace } from './keys.js';
import { WatchStreamer } from './watch-stream.js';
import { EtcdWatcher } from './watcher.js';

class FakeStream extends EventEmitter {
  readonly requests: IWatchRequest[] = [];
  canceled = false;
  write(req: IWatchRequest): void {
    this.requests.push(req);
  }
  end(): void {}
  /** Like gRPC: a canceled call ends with a CANCELLED error, asynchronously. */
  cancel(): void {
    if (this.canceled) return;
    this.canceled = true;
    setImmediate(() => this.emit('error', Object.assign(new Error('1 CANCELLED: Cancelled on client'), { code: 1 })));
  }
  respond(res: Partial<IWatchResponse>): void {
    this.emit('data', { header: { revision: '0' }, watch_id: '0', created: false, canceled: false, compact_revision: '0', cancel_reason: '', events: [], ...res });
  }
  startRevision(): number {
    return Number(this.requests[0]?.create_request?.start_revision);
  }
}

/** An EtcdKv whose watch streams are handed out from `streams`, in order. */
function fakeKv(streams: FakeStream[]): EtcdKv {
  let next = 0;
  const kv = {
    timeoutMs: 2000,
    watchStream: async () => {
      const s = streams[next++];
      if (!s) throw new Error('no more streams');
      return s;
    },
  };
  return kv as unknown as EtcdKv;
}

const value = (name: string) => Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } }));
const put = (name: string, revision: number, created = revision) => ({
  type: 'Put' as const,
  kv: { key: Buffer.from(`/cm/${name}`), value: value(name), mod_revision: String(revision), create_revision: String(created), version: '1', lease: '0' },
  prev_kv: null as unknown as IWatchResponse['events'][number]['prev_kv'],
});
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
/** Waits until the streamer sent its create request on `s` (it opens streams asynchronously). */
async function opened(s: FakeStream): Promise<void> {
  while (s.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
}

function setup(streams: FakeStream[], after = 4) {
  const watcher = new EtcdWatcher({ maxQueue: 100, onEnd: () => streamer.stop() });
  const streamer: WatchStreamer = new WatchStreamer({ kv: fakeKv(streams), keys: new KeySpace(''), key: '/cm/', recursive: true, after, watcher });
  return { watcher, streamer, events: new EventReader(watcher, 5000) };
}

const summary = (e: WatchEvent) => [e.type, e.object.metadata.resourceVersion];

describe('WatchStreamer', () => {
  it('reopens a broken stream from the revision after the last delivered event', async () => {
    const [one, two] = [new FakeStream(), new FakeStream()];
    const { streamer, events } = setup([one, two]);
    const started = streamer.start();
    await opened(one);
    one.respond({ created: true });
    await started;
    expect(one.startRevision()).toBe(5);
    one.respond({ events: [put('a', 5)] });
    one.emit('error', new Error('14 UNAVAILABLE: Connection dropped'));
    expect(summary(await events.next())).toEqual(['ADDED', '5']);
    await opened(two);
    expect(two.startRevision()).toBe(6);
    two.respond({ created: true });
    two.respond({ events: [put('b', 6)] });
    expect(summary(await events.next())).toEqual(['ADDED', '6']);
    streamer.stop();
    expect(two.canceled).toBe(true);
  });

  it('ends with an ERROR 410 Expired when etcd compacted the revision to resume from', async () => {
    const [one, two] = [new FakeStream(), new FakeStream()];
    const { streamer, events } = setup([one, two]);
    const started = streamer.start();
    await opened(one);
    one.respond({ created: true });
    await started;
    one.emit('end');
    await opened(two);
    two.respond({ created: true });
    two.respond({ canceled: true, compact_revision: '9' });
    const ev = await events.next();
    expect(ev).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired', message: 'too old resource version: 4 (9)' } });
    await events.ended();
  });

  it('takes a progress notification as delivered-up-to, for bookmarks and resumption', async () => {
    const one = new FakeStream();
    const { streamer } = setup([one]);
    const started = streamer.start();
    await opened(one);
    one.respond({ created: true });
    await started;
    one.respond({ header: { revision: '42' } as IWatchResponse['header'] });
    await tick();
    expect(streamer.progress).toBe(42);
    streamer.stop();
  });

  it('ends with ERROR 410 when an update arrives without its previous value (compacted away)', async () => {
    const one = new FakeStream();
    const { streamer, events } = setup([one]);
    const started = streamer.start();
    await opened(one);
    one.respond({ created: true });
    await started;
    one.respond({ events: [put('a', 7, 5)] });
    expect(await events.next()).toMatchObject({ type: 'ERROR', object: { code: 410 } });
    await events.ended();
  });

  it('stop() while etcd has not yet created the watch settles start()', async () => {
    const one = new FakeStream();
    const { streamer } = setup([one]);
    const started = streamer.start();
    await opened(one);
    streamer.stop();
    await started;
    expect(one.canceled).toBe(true);
  });

  it('fails to start with StorageError Unreachable when the stream breaks before etcd created the watch', async () => {
    const one = new FakeStream();
    const { streamer } = setup([one]);
    const started = streamer.start();
    await opened(one);
    one.emit('error', Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }));
    const err = await started.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).code).toBe('Unreachable');
  });
});
