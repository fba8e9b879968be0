import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../src/config.js';

describe('parseConfig', () => {
  it('defaults to http on 127.0.0.1:8080 without anonymous access', () => {
    expect(parseConfig([], {})).toEqual({ port: 8080, host: '127.0.0.1', anonymous: false });
  });

  it('reads the environment and lets flags win over it', () => {
    const env = { PORT: '9000', TOKEN_AUTH_FILE: 'env.csv', ANONYMOUS_AUTH: 'true' };
    expect(parseConfig([], env)).toEqual({ port: 9000, host: '127.0.0.1', anonymous: true, tokenAuthFile: 'env.csv' });
    expect(parseConfig(['--port', '0', '--token-auth-file', 'flag.csv'], env)).toMatchObject({ port: 0, tokenAuthFile: 'flag.csv' });
  });

  it('refuses a bad port, an unknown flag, half a TLS pair and a client CA without TLS', () => {
    expect(() => parseConfig(['--port', '80a'], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--port', '70000'], {})).toThrow(/invalid port "70000"/);
    expect(() => parseConfig(['--frobnicate'], {})).toThrow(ConfigError);
    expect(() => parseConfig(['--tls-cert-file', 'a.crt'], {})).toThrow(/go together/);
    expect(() => parseConfig(['--client-ca-file', 'ca.crt'], {})).toThrow(/needs TLS/);
    expect(() => parseConfig(['--pki-dir', 'x', '--tls-cert-file', 'a', '--tls-private-key-file', 'b'], {})).toThrow(/--pki-dir/);
  });
});

describe('loadConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'express-embed-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the token file text', async () => {
    const file = join(dir, 'tokens.csv');
    await writeFile(file, 't,alice,1\n');
    const loaded = await loadConfig(parseConfig(['--token-auth-file', file], {}));
    expect(loaded.app.tokenFile).toBe('t,alice,1\n');
    expect(loaded.serve.tls).toBeUndefined();
  });

  it('with --pki-dir serves https and trusts the created CA for client certificates', async () => {
    const pkiDir = join(dir, 'pki');
    const loaded = await loadConfig(parseConfig(['--pki-dir', pkiDir, '--port', '0'], {}));
    const caPem = await readFile(join(pkiDir, 'ca.crt'), 'utf8');
    expect(loaded.app.clientCA).toBe(caPem);
    expect(loaded.serve.tls?.clientCA).toBe(caPem);
    expect(loaded.serve.tls?.cert).toMatch(/BEGIN CERTIFICATE/);
    expect(loaded.pkiFiles).toEqual({ ca: join(pkiDir, 'ca.crt'), adminCert: join(pkiDir, 'admin.crt'), adminKey: join(pkiDir, 'admin.key') });
  });
});
