/**
 * kube-lite's etcd flags: parsing (--etcd-servers, --etcd-prefix, TLS files, compaction
 * interval), where keys land in etcd for a given --etcd-prefix, and a TLS etcd that requires
 * client certificates.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageError } from '@apiserver-kit/core';
import { loadOrCreatePki, type Pki } from '@apiserver-kit/pki';
import { EtcdStorage } from '@apiserver-kit/storage-etcd';
import { etcdSkipReason, startEtcd, type EtcdCluster } from '@apiserver-kit/storage-etcd/testing';
import { FlagError, parseFlags } from '../src/flags.js';
import { etcdKeyPrefix } from '../src/storage.js';
import { startEtcdKubeLite } from './storage-etcd-harness.js';

function parse(args: string[]) {
  const c = parseFlags(args);
  if (c === 'help') throw new Error('unexpected help');
  return c;
}

describe('kube-lite etcd flags', () => {
  it('reads --etcd-servers (repeatable, comma lists) with kube-apiserver defaults for the rest', () => {
    const c = parse(['--storage=etcd', '--etcd-servers=http://127.0.0.1:2379,http://127.0.0.1:2479', '--etcd-servers', 'http://127.0.0.1:2579']);
    expect(c.storage).toBe('etcd');
    expect(c.etcd).toEqual({
      servers: ['http://127.0.0.1:2379', 'http://127.0.0.1:2479', 'http://127.0.0.1:2579'],
      prefix: '/registry',
      compactionIntervalSeconds: 300,
    });
  });

  it('reads the TLS files, the prefix and the compaction interval (0 turns it off)', () => {
    const c = parse([
      '--storage=etcd',
      '--etcd-servers=https://e:2379',
      '--etcd-prefix=/tenant',
      '--etcd-cafile=ca.crt',
      '--etcd-certfile=c.crt',
      '--etcd-keyfile=c.key',
      '--etcd-compaction-interval=0',
    ]);
    expect(c.etcd).toEqual({
      servers: ['https://e:2379'],
      prefix: '/tenant',
      caFile: 'ca.crt',
      certFile: 'c.crt',
      keyFile: 'c.key',
      compactionIntervalSeconds: 0,
    });
  });

  it('refuses --storage etcd without --etcd-servers, etcd flags without --storage etcd, and a lone certificate', () => {
    expect(() => parse(['--storage=etcd'])).toThrow(new FlagError('--etcd-servers must be specified with --storage etcd'));
    expect(() => parse(['--etcd-servers=http://e:2379'])).toThrow(/--etcd-servers needs --storage etcd/);
    expect(() => parse(['--storage=etcd', '--etcd-servers=x', '--etcd-certfile=c.crt'])).toThrow(/must be given together/);
    expect(() => parse(['--storage=etcd', '--etcd-servers=x', '--etcd-compaction-interval=soon'])).toThrow(/invalid --etcd-compaction-interval/);
  });

  it('maps --etcd-prefix onto the key prefix put in front of the server keys (which start with /registry)', () => {
    expect(etcdKeyPrefix('/registry')).toBe('');
    expect(etcdKeyPrefix('/registry/')).toBe('');
    expect(etcdKeyPrefix('/a/registry')).toBe('/a');
    expect(etcdKeyPrefix('/tenant')).toBe('/tenant');
  });
});

const skip = etcdSkipReason();
if (skip) console.warn(`kube-lite etcd TLS and prefix tests skipped: ${skip}`);

describe.skipIf(skip !== undefined)(`kube-lite on a TLS etcd${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let dir: string;
  let pki: Pki;
  let etcd: EtcdCluster;
  // Reads etcd keys as they are (no prefix).
  let raw: EtcdStorage;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kube-lite-etcd-tls-'));
    pki = await loadOrCreatePki(join(dir, 'etcd-pki'), { hosts: ['127.0.0.1', 'localhost'] });
    etcd = await startEtcd({ tls: { certFile: pki.files.serving.cert, keyFile: pki.files.serving.key, trustedCaFile: pki.files.ca.cert } });
    raw = new EtcdStorage({
      endpoints: etcd.endpoints,
      compactionIntervalMs: 0,
      tls: { ca: pki.ca.certPem, cert: pki.admin.certPem, key: pki.admin.keyPem },
    });
  });
  afterAll(async () => {
    await raw?.close();
    await etcd?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const tlsFlags = () => [`--etcd-cafile=${pki.files.ca.cert}`, `--etcd-certfile=${pki.files.admin.cert}`, `--etcd-keyfile=${pki.files.admin.key}`];

  it('serves kubectl with --etcd-cafile/--etcd-certfile/--etcd-keyfile and keeps objects under /registry', async () => {
    const c = await startEtcdKubeLite(etcd, tlsFlags());
    try {
      const r = await c.kubectl(['create', 'configmap', 'over-tls', '--from-literal=k=v']);
      expect(r.code, r.stderr).toBe(0);
      const stored = await raw.get('/registry/core/configmaps/default/over-tls');
      expect(stored).toMatchObject({ kind: 'ConfigMap', metadata: { name: 'over-tls' }, data: { k: 'v' } });
    } finally {
      await c.stop();
    }
  });

  it('with --etcd-prefix=/tenant keeps its objects under /tenant/registry, apart from the default tree', async () => {
    const c = await startEtcdKubeLite(etcd, [...tlsFlags(), '--etcd-prefix=/tenant']);
    try {
      const r = await c.kubectl(['create', 'configmap', 'tenant-only']);
      expect(r.code, r.stderr).toBe(0);
      expect((await raw.get('/tenant/registry/core/configmaps/default/tenant-only')).metadata.name).toBe('tenant-only');
      const elsewhere = await raw.get('/registry/core/configmaps/default/tenant-only').catch((e: unknown) => e);
      expect(elsewhere).toBeInstanceOf(StorageError);
      expect((elsewhere as StorageError).code).toBe('KeyNotFound');
      const list = await c.kubectl(['get', 'configmaps', '-o', 'name']);
      expect(list.stdout).toBe('configmap/tenant-only\n');
    } finally {
      await c.stop();
    }
  });
});
