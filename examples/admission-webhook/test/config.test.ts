import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig } from '../src/config.js';
import { manifestFiles, manifestsDir, renderManifest, renderManifests } from '../src/manifests.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'admission-webhook-config-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseConfig', () => {
  it('defaults to 127.0.0.1:8443', () => {
    expect(parseConfig(['--pki-dir', 'p'])).toEqual({ port: 8443, host: '127.0.0.1', pkiDir: 'p', sans: [], printManifests: false });
  });

  it('reads --cert, --key, --ca, --port, --host and --print-manifests', () => {
    const argv = ['--cert', 'c.pem', '--key', 'k.pem', '--ca', 'ca.pem', '--port', '9443', '--host', '0.0.0.0', '--print-manifests'];
    expect(parseConfig(argv)).toEqual({
      port: 9443,
      host: '0.0.0.0',
      certFile: 'c.pem',
      keyFile: 'k.pem',
      caFile: 'ca.pem',
      sans: [],
      printManifests: true,
    });
  });

  it.each([
    [[], 'a webhook is served over TLS: give --cert and --key, or --pki-dir'],
    [['--cert', 'c.pem'], '--cert and --key go together'],
    [['--pki-dir', 'p', '--cert', 'c', '--key', 'k'], '--pki-dir creates its own CA and serving certificate; do not combine it with --cert, --key or --ca'],
    [['--pki-dir', 'p', '--port', '70000'], 'invalid port "70000": want 0-65535'],
    [['--cert', 'c', '--key', 'k', '--san', 'x.svc'], '--san names hosts of the certificate --pki-dir generates; give --pki-dir'],
    [['--cert', 'c', '--key', 'k', '--print-manifests'], '--print-manifests needs the CA: give --ca, or --pki-dir'],
    [['--pki-dir', 'p', '--port', '0', '--print-manifests'], '--print-manifests needs the port the server will listen on, not 0'],
  ])('refuses %j', (argv, message) => {
    expect(() => parseConfig(argv)).toThrow(new ConfigError(message));
  });

  it('refuses unknown flags with a ConfigError', () => {
    expect(() => parseConfig(['--pki-dir', 'p', '--verbose'])).toThrow(ConfigError);
  });
});

describe('loadConfig', () => {
  it('creates a PKI once with --pki-dir and reads it back the next time', async () => {
    const config = parseConfig(['--pki-dir', join(dir, 'pki')]);
    const first = await loadConfig(config);
    const second = await loadConfig(config);
    expect(first.caPem).toContain('-----BEGIN CERTIFICATE-----');
    expect(second).toEqual(first);
  });

  it('adds every --san to the generated serving certificate, reissuing it when one is new', async () => {
    const pkiDir = join(dir, 'pki-sans');
    const before = await loadConfig(parseConfig(['--pki-dir', pkiDir]));
    const after = await loadConfig(parseConfig(['--pki-dir', pkiDir, '--san', 'admission-webhook.webhook-system.svc', '--san', '10.0.0.7']));
    expect(after.caPem).toBe(before.caPem);
    const sans = new X509Certificate(after.certPem).subjectAltName;
    expect(sans).toContain('DNS:admission-webhook.webhook-system.svc');
    expect(sans).toContain('IP Address:10.0.0.7');
    expect(new X509Certificate(before.certPem).subjectAltName).not.toContain('webhook-system');
  });

  it('reads --cert, --key and --ca files', async () => {
    const pki = await loadConfig(parseConfig(['--pki-dir', join(dir, 'pki')]));
    const files = { cert: join(dir, 'pki', 'serving.crt'), key: join(dir, 'pki', 'serving.key'), ca: join(dir, 'pki', 'ca.crt') };
    const loaded = await loadConfig(parseConfig(['--cert', files.cert, '--key', files.key, '--ca', files.ca]));
    expect(loaded).toEqual(pki);
    expect(await loadConfig(parseConfig(['--cert', files.cert, '--key', files.key]))).toEqual({ certPem: pki.certPem, keyPem: pki.keyPem });
  });
});

describe('renderManifests', () => {
  const caPem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

  it('fills in the port and the base64 CA in both configurations, leaving no placeholder', async () => {
    const yaml = await renderManifests({ port: 9443, caPem });
    const caBundle = Buffer.from(caPem).toString('base64');
    expect(yaml).not.toMatch(/__[A-Z_]+__/);
    expect(yaml.match(/^---$/gm)).toHaveLength(2);
    expect(yaml.match(/^kind: \w+WebhookConfiguration$/gm)).toEqual(['kind: ValidatingWebhookConfiguration', 'kind: MutatingWebhookConfiguration']);
    expect(yaml).toContain(`    url: https://127.0.0.1:9443/validate\n    caBundle: ${caBundle}\n`);
    expect(yaml).toContain(`    url: https://127.0.0.1:9443/mutate\n    caBundle: ${caBundle}\n`);
  });

  it('reads the templates that ship in manifests/', async () => {
    for (const file of manifestFiles) expect(await readFile(join(manifestsDir, file), 'utf8')).toContain('__CA_BUNDLE__');
  });

  it('refuses a port that cannot be called and a CA that is not PEM', () => {
    expect(() => renderManifest('', { port: 0, caPem })).toThrow('invalid port 0: want 1-65535');
    expect(() => renderManifest('', { port: 443, caPem: 'LS0t' })).toThrow('caPem is not a PEM certificate');
  });
});
