import { describe, expect, it } from 'vitest';
import { KeySpace, asDirectory } from './keys.js';
import { clientOptions, resolveOptions } from './options.js';

describe('KeySpace', () => {
  it('puts the prefix in front of the storage key and takes it off again', () => {
    const keys = new KeySpace('/tenant-a');
    expect(keys.etcdKey('/registry/core/pods/ns/a').toString()).toBe('/tenant-a/registry/core/pods/ns/a');
    expect(keys.storageKey(Buffer.from('/tenant-a/registry/core/pods/ns/a'))).toBe('/registry/core/pods/ns/a');
  });

  it('with the default empty prefix stores keys as they are (/registry/...)', () => {
    const keys = new KeySpace('');
    expect(keys.etcdKey('/registry/core/configmaps/default/a').toString()).toBe('/registry/core/configmaps/default/a');
  });

  it('ends a prefix range at the byte successor of the prefix', () => {
    const keys = new KeySpace('');
    expect(keys.rangeEnd(Buffer.from('/registry/pods/')).toString()).toBe('/registry/pods0');
    expect([...keys.rangeEnd(Buffer.from([0x61, 0xff, 0xff]))]).toEqual([0x62]);
    expect([...keys.rangeEnd(Buffer.from([0xff]))]).toEqual([0]);
  });

  it('asDirectory adds a trailing slash only when missing', () => {
    expect(asDirectory('/a')).toBe('/a/');
    expect(asDirectory('/a/')).toBe('/a/');
  });
});

describe('options', () => {
  it('defaults: no prefix, 10 s request timeout, compaction every 5 minutes, 10 000 remembered keys', () => {
    expect(resolveOptions({ endpoints: ['http://127.0.0.1:2379'] })).toEqual({
      prefix: '',
      requestTimeoutMs: 10_000,
      compactionIntervalMs: 300_000,
      watchQueueLimit: 100_000,
      updateCacheSize: 10_000,
    });
    expect(() => resolveOptions({ endpoints: ['x:1'], updateCacheSize: -1 })).toThrow('updateCacheSize must be an integer >= 0, got -1');
  });

  it('refuses an empty endpoint list and a negative compaction interval', () => {
    expect(() => resolveOptions({ endpoints: [] })).toThrow(/endpoints must not be empty/);
    expect(() => resolveOptions({ endpoints: ['x:1'], compactionIntervalMs: -1 })).toThrow(/compactionIntervalMs/);
  });

  it('builds TLS credentials from PEM text and refuses a certificate without its key', () => {
    const o = clientOptions({ endpoints: ['https://127.0.0.1:2379'], tls: { ca: 'CA', cert: 'CERT', key: 'KEY' } });
    expect(o.credentials?.rootCertificate.toString()).toBe('CA');
    expect(o.credentials?.certChain?.toString()).toBe('CERT');
    expect(o.credentials?.privateKey?.toString()).toBe('KEY');
    expect(() => clientOptions({ endpoints: ['x:1'], tls: { cert: 'CERT' } })).toThrow(/cert and key must be given together/);
  });

  it('verifies against the system roots when TLS has a client certificate but no CA', () => {
    const o = clientOptions({ endpoints: ['https://127.0.0.1:2379'], tls: { cert: 'CERT', key: 'KEY' } });
    expect(o.credentials?.rootCertificate.toString()).toContain('BEGIN CERTIFICATE');
  });
});
