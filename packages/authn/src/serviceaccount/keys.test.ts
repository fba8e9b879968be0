import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { createCA } from '@apiserver-kit/pki';
import { describe, expect, it } from 'vitest';
import { algorithmForKey, keyIdFromPublicKey, loadKeysFromPem, toPrivateKey, toPublicKeys } from './keys.js';

// The public key and derived id of kubernetes/pkg/serviceaccount/keyid_test.go (TestKeyIDStability).
const kubeVectorKey = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA249XwEo9k4tM8fMxV7zx
OhcrP+WvXn917koM5Qr2ZXs4vo26e4ytdlrV0bQ9SlcLpQVSYjIxNfhTZdDt+ecI
zshKuv1gKIxbbLQMOuK1eA/4HALyEkFgmS/tleLJrhc65tKPMGD+pKQ/xhmzRuCG
51RoiMgbQxaCyYxGfNLpLAZK9L0Tctv9a0mJmGIYnIOQM4kC1A1I1n3EsXMWmeJU
j7OTh/AjjCnMnkgvKT2tpKxYQ59PgDgU8Ssc7RDSmSkLxnrv+OrN80j6xrw0OjEi
B4Ycr0PqfzZcvy8efTtFQ/Jnc4Bp1zUtFXt7+QeevePtQ2EcyELXE0i63T1CujRM
WwIDAQAB
-----END PUBLIC KEY-----
`;

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

function spki(key: ReturnType<typeof createPublicKey>): string {
  return key.export({ type: 'spki', format: 'pem' }).toString();
}

describe('keyIdFromPublicKey', () => {
  it('derives the same key id as kube for its published test vector', () => {
    expect(keyIdFromPublicKey(createPublicKey(kubeVectorKey))).toBe('JHJehTTTZlsspKHT-GaJxK7Kd1NQgZJu3fyK6K_QDYU');
  });

  it('gives a private key and its public key the same id', () => {
    expect(keyIdFromPublicKey(rsa.privateKey)).toBe(keyIdFromPublicKey(rsa.publicKey));
    expect(keyIdFromPublicKey(ec.privateKey)).not.toBe(keyIdFromPublicKey(rsa.publicKey));
  });
});

describe('loadKeysFromPem', () => {
  it('reads public keys, certificates and private keys of a mixed bundle as public keys', () => {
    const ca = createCA({ commonName: 'sa-ca' });
    const bundle = [
      spki(rsa.publicKey),
      rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
      '-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n',
      ec.privateKey.export({ type: 'sec1', format: 'pem' }).toString(),
      ca.certPem,
      rsa.publicKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    ].join('\n');
    const keys = loadKeysFromPem(bundle);
    expect(keys.map((k) => k.type)).toEqual(['public', 'public', 'public', 'public', 'public']);
    expect(keys.map(keyIdFromPublicKey)).toEqual([
      keyIdFromPublicKey(rsa.publicKey),
      keyIdFromPublicKey(rsa.publicKey),
      keyIdFromPublicKey(ec.publicKey),
      keyIdFromPublicKey(createPublicKey(ca.keyPem)),
      keyIdFromPublicKey(rsa.publicKey),
    ]);
  });

  it('rejects text without keys, encrypted keys and key types kube does not sign with', () => {
    expect(() => loadKeysFromPem('no keys here')).toThrow(/does not contain any valid RSA or ECDSA public keys/);
    const ed = generateKeyPairSync('ed25519');
    expect(() => loadKeysFromPem(spki(ed.publicKey))).toThrow(/unsupported service account key type "ed25519"/);
    const encrypted = rsa.privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'x' }).toString();
    expect(() => loadKeysFromPem(encrypted)).toThrow(/encrypted private keys are not supported/);
  });
});

describe('key inputs', () => {
  it('accepts PEM, KeyObjects and WebCrypto keys', async () => {
    const { subtle } = globalThis.crypto;
    const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384' }, true, ['sign', 'verify']);
    expect(toPublicKeys(pair.publicKey)[0]!.asymmetricKeyType).toBe('ec');
    expect(algorithmForKey(toPrivateKey(pair.privateKey))).toBe('ES384');
    expect(algorithmForKey(toPrivateKey(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()))).toBe('RS256');
    expect(toPublicKeys(rsa.privateKey)[0]!.type).toBe('public');
  });

  it('refuses a public key where a signing key is needed', () => {
    expect(() => toPrivateKey(rsa.publicKey)).toThrow(/must be a private key/);
  });
});
