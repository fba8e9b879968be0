import { generateKeyPairSync } from 'node:crypto';
import { isStatusError } from '@apiserver-kit/core';
import { SignJWT, base64url, decodeJwt, decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import type { TokenAuthenticator, TokenContext } from '../token.js';
import { serviceAccountTokenAuthenticator } from './authenticator.js';
import { createServiceAccountIssuer, type ServiceAccountTokenRequest } from './issuer.js';
import { keyIdFromPublicKey } from './keys.js';

const ISS = 'https://kubernetes.default.svc.cluster.local';
const API = 'https://kubernetes.default.svc';
const T0 = new Date('2025-01-01T00:00:00Z');
const at = (seconds: number) => () => new Date(T0.getTime() + seconds * 1000);

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaPem = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const rsaPubPem = rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

const request: ServiceAccountTokenRequest = {
  namespace: 'ci',
  serviceAccount: { name: 'builder', uid: 'sa-uid-1' },
  audiences: [API],
};
const issuer = createServiceAccountIssuer({ issuer: ISS, signingKey: rsaPem, now: at(0) });
const ctx: TokenContext = { audiences: [API] };

function authenticator(extra: Partial<Parameters<typeof serviceAccountTokenAuthenticator>[0]> = {}): TokenAuthenticator {
  return serviceAccountTokenAuthenticator({ issuers: [ISS], keys: [rsaPubPem], audiences: [API], now: at(10), ...extra });
}

async function rejection(p: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await p;
  } catch (err) {
    if (isStatusError(err)) return { code: err.httpCode, message: err.message };
    throw err;
  }
  throw new Error('expected a rejection');
}

describe('createServiceAccountIssuer', () => {
  it('mints tokens with kube TokenRequest claims and a kid derived from the public key', async () => {
    const { token, expirationTimestamp, jti } = await issuer.issue({
      ...request,
      pod: { name: 'build-1', uid: 'pod-uid' },
      node: { name: 'node-a', uid: 'node-uid' },
      expirationSeconds: 600,
      warnAfterSeconds: 300,
    });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: keyIdFromPublicKey(rsa.publicKey) });
    const iat = T0.getTime() / 1000;
    expect(decodeJwt(token)).toEqual({
      aud: [API],
      exp: iat + 600,
      iat,
      iss: ISS,
      jti,
      'kubernetes.io': {
        namespace: 'ci',
        serviceaccount: { name: 'builder', uid: 'sa-uid-1' },
        node: { name: 'node-a', uid: 'node-uid' },
        pod: { name: 'build-1', uid: 'pod-uid' },
        warnafter: iat + 300,
      },
      nbf: iat,
      sub: 'system:serviceaccount:ci:builder',
    });
    expect(jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(expirationTimestamp).toBe('2025-01-01T00:10:00Z');
  });

  it('signs with ES256 for P-256 keys and refuses an algorithm that does not fit the key', async () => {
    const es = createServiceAccountIssuer({ issuer: ISS, signingKey: ec.privateKey, alg: 'ES256' });
    expect(decodeProtectedHeader((await es.issue(request)).token).alg).toBe('ES256');
    expect(() => createServiceAccountIssuer({ issuer: ISS, signingKey: ec.privateKey, alg: 'RS256' })).toThrow(/does not match/);
  });

  it('refuses to bind a token to a secret and a pod at once', async () => {
    await expect(issuer.issue({ ...request, secret: { name: 's', uid: '1' }, pod: { name: 'p', uid: '2' } })).rejects.toThrow(
      /only be bound to one object type/,
    );
  });

  it('publishes its public key as a JWKS entry with kid, use and alg', async () => {
    const { keys } = await issuer.jwks();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', kid: issuer.keyId, use: 'sig', alg: 'RS256' });
    expect(keys[0]).not.toHaveProperty('d');
  });
});

describe('serviceAccountTokenAuthenticator', () => {
  it('authenticates a bound token as the service account user with kube extra keys', async () => {
    const { token, jti } = await issuer.issue({ ...request, pod: { name: 'build-1', uid: 'pod-uid' }, node: { name: 'node-a', uid: 'node-uid' } });
    expect(await authenticator().authenticateToken(token, ctx)).toEqual({
      user: {
        name: 'system:serviceaccount:ci:builder',
        uid: 'sa-uid-1',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:ci'],
        extra: {
          'authentication.kubernetes.io/pod-name': ['build-1'],
          'authentication.kubernetes.io/pod-uid': ['pod-uid'],
          'authentication.kubernetes.io/credential-id': [`JTI=${jti}`],
          'authentication.kubernetes.io/node-name': ['node-a'],
          'authentication.kubernetes.io/node-uid': ['node-uid'],
        },
      },
      audiences: [API],
    });
  });

  it('verifies tokens of every configured key, for rotation, and of every configured issuer', async () => {
    const es = createServiceAccountIssuer({ issuer: 'https://old.example', signingKey: ec.privateKey, now: at(0) });
    const a = authenticator({ issuers: [ISS, 'https://old.example'], keys: [rsaPubPem, ec.publicKey] });
    expect((await a.authenticateToken((await issuer.issue(request)).token, ctx))?.user.name).toBe('system:serviceaccount:ci:builder');
    expect((await a.authenticateToken((await es.issue(request)).token, ctx))?.user.uid).toBe('sa-uid-1');
  });

  it('has no opinion about tokens of other issuers and about text that is not a JWT', async () => {
    const foreign = createServiceAccountIssuer({ issuer: 'https://accounts.example.com', signingKey: rsaPem, now: at(0) });
    const a = authenticator();
    expect(await a.authenticateToken((await foreign.issue(request)).token, ctx)).toBeNull();
    expect(await a.authenticateToken('x'.repeat(10 * 1024), ctx)).toBeNull();
    expect(await a.authenticateToken(`${'A'.repeat(5000)}.${'%'.repeat(5000)}.zz`, ctx)).toBeNull();
    expect(await a.authenticateToken('{"iss":"' + ISS + '"}', ctx)).toBeNull();
    expect(await a.authenticateToken('31ada4fd-adec-460c-809a-9e56ceb75269', ctx)).toBeNull();
  });

  it('rejects an unsigned token (alg none) of our issuer', async () => {
    const { token } = await issuer.issue(request);
    const [, payload] = token.split('.');
    const none = `${base64url.encode(JSON.stringify({ alg: 'none' }))}.${payload}.`;
    expect(await rejection(authenticator().authenticateToken(none, ctx))).toMatchObject({ code: 401 });
  });

  it('rejects an HS256 token whose HMAC secret is the public key', async () => {
    const claims = decodeJwt((await issuer.issue(request)).token);
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: issuer.keyId })
      .sign(new TextEncoder().encode(rsaPubPem));
    const r = await rejection(authenticator().authenticateToken(forged, ctx));
    expect(r).toEqual({ code: 401, message: 'service account token is signed with a disallowed algorithm' });
    expect(() => serviceAccountTokenAuthenticator({ issuers: [ISS], keys: [rsaPubPem], algorithms: ['HS256'] })).toThrow(/unsupported/);
    expect(() => serviceAccountTokenAuthenticator({ issuers: [ISS], keys: [rsaPubPem], algorithms: ['none'] })).toThrow(/unsupported/);
  });

  it('rejects a token whose payload was tampered with', async () => {
    const { token } = await issuer.issue(request);
    const [h, p, s] = token.split('.') as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p))) as Record<string, unknown>;
    claims.sub = 'system:serviceaccount:kube-system:admin';
    claims['kubernetes.io'] = { namespace: 'kube-system', serviceaccount: { name: 'admin', uid: 'x' } };
    const tampered = `${h}.${base64url.encode(JSON.stringify(claims))}.${s}`;
    expect(await rejection(authenticator().authenticateToken(tampered, ctx))).toEqual({ code: 401, message: 'invalid signature' });
  });

  it('rejects a token signed by a key it does not know, by kid or by signature', async () => {
    const stranger = createServiceAccountIssuer({ issuer: ISS, signingKey: other.privateKey, now: at(0) });
    expect(await rejection(authenticator().authenticateToken((await stranger.issue(request)).token, ctx))).toEqual({
      code: 401,
      message: 'invalid signature, no keys found',
    });
    const claims = decodeJwt((await issuer.issue(request)).token);
    const noKid = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(other.privateKey);
    expect(await rejection(authenticator().authenticateToken(noKid, ctx))).toEqual({ code: 401, message: 'invalid signature' });
    const sameKidOtherKey = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: issuer.keyId }).sign(other.privateKey);
    expect(await rejection(authenticator().authenticateToken(sameKidOtherKey, ctx))).toEqual({ code: 401, message: 'invalid signature' });
  });

  it('rejects expired tokens, allowing kube’s 60 second leeway', async () => {
    const { token } = await issuer.issue({ ...request, expirationSeconds: 600 });
    expect(await authenticator({ now: at(650) }).authenticateToken(token, ctx)).not.toBeNull();
    expect(await rejection(authenticator({ now: at(661) }).authenticateToken(token, ctx))).toEqual({
      code: 401,
      message: 'service account token has expired',
    });
  });

  it('rejects tokens that are not valid yet, allowing kube’s 60 second leeway', async () => {
    const { token } = await issuer.issue(request);
    expect(await authenticator({ now: at(-30) }).authenticateToken(token, ctx)).not.toBeNull();
    expect(await rejection(authenticator({ now: at(-61) }).authenticateToken(token, ctx))).toEqual({
      code: 401,
      message: 'service account token is not valid yet',
    });
  });

  it('rejects tokens issued in the future even without nbf', async () => {
    const claims = decodeJwt((await issuer.issue(request)).token);
    delete claims.nbf;
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: issuer.keyId }).sign(rsa.privateKey);
    expect(await rejection(authenticator({ now: at(-120) }).authenticateToken(token, ctx))).toEqual({
      code: 401,
      message: 'service account token is issued in the future',
    });
  });

  it('rejects a token for another audience and reports the intersection for an accepted one', async () => {
    const { token } = await issuer.issue({ ...request, audiences: ['vault', API] });
    expect((await authenticator().authenticateToken(token, ctx))?.audiences).toEqual([API]);
    const vaultOnly = (await issuer.issue({ ...request, audiences: ['vault'] })).token;
    expect(await rejection(authenticator().authenticateToken(vaultOnly, ctx))).toEqual({
      code: 401,
      message: `token audiences ["vault"] is invalid for the target audiences ["${API}"]`,
    });
    // A TokenReview asking for the vault audience is answered for that audience.
    expect((await authenticator().authenticateToken(vaultOnly, { audiences: ['vault'] }))?.audiences).toEqual(['vault']);
  });

  it('treats a token without aud as meant for the API audiences', async () => {
    const claims = decodeJwt((await issuer.issue(request)).token);
    delete claims.aud;
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: issuer.keyId }).sign(rsa.privateKey);
    expect((await authenticator().authenticateToken(token, ctx))?.audiences).toEqual([API]);
  });

  it('rejects a signed token of our issuer that lacks the kubernetes.io claim', async () => {
    const claims = decodeJwt((await issuer.issue(request)).token);
    delete claims['kubernetes.io'];
    const token = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: issuer.keyId }).sign(rsa.privateKey);
    expect(await rejection(authenticator().authenticateToken(token, ctx))).toEqual({
      code: 401,
      message: 'service account token claims could not be validated',
    });
  });
});
