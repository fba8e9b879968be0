/**
 * A write whose connection drops after etcd applied it, before the answer arrives: EtcdStorage
 * sends the guarded transaction again, and recognises its own applied write instead of calling
 * it a conflict or applying it twice. A loopback proxy between client and etcd cuts the
 * connection at the first HTTP/2 HEADERS frame etcd sends back once armed, which etcd sends
 * only after the transaction was applied.
 */
import { once } from 'node:events';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiObject } from '@apiserver-kit/core';
import { EtcdStorage } from './etcd-storage.js';
import { etcdSkipReason, startEtcd, type EtcdCluster } from './testing/index.js';

const skip = etcdSkipReason();
if (skip) console.warn(`storage-etcd resend tests skipped: ${skip}`);

/** The `v` data field of an object. */
const vOf = (o: ApiObject | null): string => (o!.data as Record<string, string>).v!;
const cm = (name: string, v = '0'): ApiObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, uid: `uid-${name}` }, data: { v } });

/** A TCP proxy to `target` that, once armed, drops the connection instead of passing on etcd's `nth` next response HEADERS frame. */
async function cuttingProxy(target: URL) {
  let armed = false;
  let skip = 0;
  let cuts = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    const cut = () => {
      armed = false;
      cuts++;
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (d: Buffer) => upstream.write(d));
    let pending = Buffer.alloc(0);
    upstream.on('data', (d: Buffer) => {
      if (!armed && pending.length === 0) return void client.write(d);
      pending = Buffer.concat([pending, d]);
      // Pass on whole frames (9-byte header: length 24 bits, type, flags, stream id) until a HEADERS frame on a stream.
      while (pending.length >= 9) {
        const size = 9 + pending.readUIntBE(0, 3);
        if (pending.length < size) return;
        const frame = pending.subarray(0, size);
        // A response's first HEADERS frame (its trailers are a second one, with END_STREAM).
        const responseHeaders = frame[3] === 0x1 && (frame[4]! & 0x1) === 0 && (frame.readUInt32BE(5) & 0x7fffffff) !== 0;
        if (armed && responseHeaders && skip-- === 0) return cut();
        client.write(frame);
        pending = pending.subarray(size);
      }
    });
    for (const s of [client, upstream]) {
      s.on('error', () => {});
      s.on('close', () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    /** Cut at the `nth` response from now (1: the next one). */
    arm(nth = 1) {
      armed = true;
      skip = nth - 1;
    },
    get cuts() {
      return cuts;
    },
    async close() {
      for (const s of sockets) s.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

describe.skipIf(skip !== undefined)(`EtcdStorage when a write's answer is lost${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let etcd: EtcdCluster;
  let proxy: Awaited<ReturnType<typeof cuttingProxy>>;
  let storage: EtcdStorage;
  let direct: EtcdStorage;

  beforeAll(async () => {
    etcd = await startEtcd();
    proxy = await cuttingProxy(new URL(etcd.endpoints[0]!));
    storage = new EtcdStorage({ endpoints: [proxy.endpoint], prefix: '/resend', compactionIntervalMs: 0 });
    direct = new EtcdStorage({ endpoints: etcd.endpoints, prefix: '/resend', compactionIntervalMs: 0 });
    await storage.currentRevision(); // the session is up before any cut
  });
  afterAll(async () => {
    await storage?.close();
    await direct?.close();
    await proxy?.close();
    await etcd?.stop();
  });

  it('a create applied before the drop succeeds once, with the stored resourceVersion', async () => {
    const before = await direct.currentRevision();
    proxy.arm();
    const created = await storage.create('/cm/a', cm('a'));
    expect(proxy.cuts).toBe(1);
    const stored = await direct.get('/cm/a');
    expect(created).toEqual(stored);
    expect(await direct.currentRevision()).toBe(before + 1); // one write, not two
  });

  it('a create of a key another writer made is still AlreadyExists (KeyExists) after a resend', async () => {
    await direct.create('/cm/taken', cm('taken', 'theirs'));
    proxy.arm();
    await expect(storage.create('/cm/taken', cm('taken', 'mine'))).rejects.toMatchObject({ code: 'KeyExists' });
    expect((await direct.get('/cm/taken')).data).toEqual({ v: 'theirs' });
  });

  it('an update applied before the drop is applied once (tryUpdate is not run on its own result)', async () => {
    await storage.create('/cm/counter', cm('counter'));
    const before = await direct.currentRevision();
    let runs = 0;
    proxy.arm(); // the transaction: the object is remembered from its create, so nothing is read first
    const updated = await storage.guaranteedUpdate('/cm/counter', {
      tryUpdate: async (cur) => {
        runs++;
        return { ...cur!, data: { v: String(Number(vOf(cur)) + 1) } } as ApiObject;
      },
    });
    expect(proxy.cuts).toBe(3);
    expect(runs).toBe(1);
    expect(updated.data).toEqual({ v: '1' });
    expect(await direct.get('/cm/counter')).toEqual(updated);
    expect(await direct.currentRevision()).toBe(before + 1);
  });

  it('a delete applied before the drop returns the deleted object', async () => {
    const obj = await storage.create('/cm/gone', cm('gone'));
    proxy.arm(2); // the read (deletes read first), then the transaction
    const deleted = await storage.delete('/cm/gone');
    expect(proxy.cuts).toBe(4);
    expect(deleted.metadata.name).toBe('gone');
    expect(deleted.metadata.uid).toBe(obj.metadata.uid);
    await expect(direct.get('/cm/gone')).rejects.toMatchObject({ code: 'KeyNotFound' });
  });
});
