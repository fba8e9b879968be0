/**
 * kube-lite waits for etcd at startup, as kube-apiserver does (one check a second, for a
 * minute): an etcd that comes up a little later is no reason to fail, and one that never
 * comes up fails the start with kube's "error waiting for etcd connection".
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { etcdSkipReason, startEtcd, type EtcdCluster } from '@apiserver-kit/storage-etcd/testing';
import { createStorage } from '../src/storage.js';
import type { AuthCluster } from './auth-cluster.js';
import { startEtcdKubeLite } from './storage-etcd-harness.js';

const skip = etcdSkipReason();
if (skip) console.warn(`kube-lite etcd startup tests skipped: ${skip}`);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('kube-lite waiting for etcd at startup', () => {
  it('gives up with "error waiting for etcd connection" when etcd never answers', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const servers = ['http://127.0.0.1:1'];
    const start = createStorage({ storage: 'etcd', dataDir: '/nonexistent', etcd: { servers, prefix: '/registry', compactionIntervalSeconds: 0 }, etcdStartupWaitMs: 1500 });
    await expect(start).rejects.toThrow(/^error waiting for etcd connection: etcd is unreachable: .*No connection established \(connect ECONNREFUSED 127\.0\.0\.1:1\)/);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^waiting for etcd at http:\/\/127\.0\.0\.1:1: /));
  });

  describe.skipIf(skip !== undefined)(`with a real etcd${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let etcd: EtcdCluster | undefined;
    let c: AuthCluster | undefined;
    afterEach(async () => {
      await c?.stop();
      await etcd?.stop();
      [etcd, c] = [undefined, undefined];
    });

    it('starts once an etcd that was down at launch comes up, and serves kubectl', async () => {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      etcd = await startEtcd();
      await etcd.members[0]!.kill();
      const starting = startEtcdKubeLite(etcd);
      await vi.waitFor(() => expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^waiting for etcd at /)), { timeout: 20_000, interval: 50 });
      await etcd.members[0]!.restart();
      c = await starting;
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^etcd at .* is reachable$/));
      expect(await c.kubectl(['create', 'configmap', 'late'])).toMatchObject({ code: 0, stdout: 'configmap/late created\n' });
    });
  });
});
