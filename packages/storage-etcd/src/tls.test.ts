/**
 * EtcdStorage over TLS to an etcd that requires client certificates (--client-cert-auth), with
 * certificates from @apiserver-kit/pki.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError } from '@apiserver-kit/core';
import { createCA, createClientCert, loadOrCreatePki, type Pki } from '@apiserver-kit/pki';
import { EtcdStorage } from './etcd-storage.js';
import { etcdSkipReason, startEtcd, type EtcdCluster } from './testing/index.js';

const skip = etcdSkipReason();
if (skip) console.warn(`storage-etcd TLS tests skipped: ${skip}`);

describe.skipIf(skip !== undefined)(`EtcdStorage over TLS${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let dir: string;
  let pki: Pki;
  let etcd: EtcdCluster;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'etcd-tls-'));
    pki = await loadOrCreatePki(join(dir, 'pki'), { hosts: ['127.0.0.1', 'localhost'] });
    etcd = await startEtcd({
      tls: { certFile: pki.files.serving.cert, keyFile: pki.files.serving.key, trustedCaFile: pki.files.ca.cert },
    });
  });
  afterAll(async () => {
    await etcd?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves over https with a CA and a client certificate signed by the trusted CA', async () => {
    expect(etcd.endpoints[0]).toMatch(/^https:\/\//);
    const storage = new EtcdStorage({
      endpoints: etcd.endpoints,
      compactionIntervalMs: 0,
      tls: { ca: pki.ca.certPem, cert: pki.admin.certPem, key: pki.admin.keyPem },
    });
    try {
      const created = await storage.create('/registry/cm/a', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } });
      expect(await storage.get('/registry/cm/a')).toEqual(created);
    } finally {
      await storage.close();
    }
  });

  it('is unreachable with a client certificate from another CA', async () => {
    const otherCa = createCA({ commonName: 'other-ca' });
    const stranger = createClientCert(otherCa, { user: 'stranger', groups: [] });
    const storage = new EtcdStorage({
      endpoints: etcd.endpoints,
      compactionIntervalMs: 0,
      requestTimeoutMs: 2000,
      tls: { ca: pki.ca.certPem, cert: stranger.certPem, key: stranger.keyPem },
    });
    try {
      const err = await storage.currentRevision().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).code).toBe('Unreachable');
    } finally {
      await storage.close();
    }
  });
});
