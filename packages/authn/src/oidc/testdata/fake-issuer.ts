/**
 * Test helper: an OpenID Connect issuer over real HTTPS — discovery document, JWKS and an ID
 * token signer — whose signing key can be rotated and whose discovery answer can be spoiled.
 */
import { type KeyObject, generateKeyPairSync } from 'node:crypto';
import { type JWK, type JWTPayload, SignJWT, exportJWK } from 'jose';
import { type TestServer, sendJson, serveHttps } from './https.js';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  jwk: JWK;
}

export async function newSigningKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
}

export interface FakeIssuer {
  url: string;
  caPem: string;
  server: TestServer;
  requests: { discovery: number; jwks: number };
  /** What discovery reports as `issuer`; default the issuer's own URL. */
  discoveryIssuer: string | undefined;
  signing: SigningKey;
  published: SigningKey[];
  /** Signs an ID token: iss, aud 'kubernetes', sub, iat and exp (+1h) at `nowSeconds`, then `claims`. */
  sign(claims?: JWTPayload, opts?: { key?: SigningKey; nowSeconds?: number }): Promise<string>;
  /** Starts signing with a new key and publishes only it. */
  rotate(kid: string): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeIssuer(): Promise<FakeIssuer> {
  const first = await newSigningKey('key-1');
  const issuer: FakeIssuer = {
    url: '',
    caPem: '',
    server: undefined as unknown as TestServer,
    requests: { discovery: 0, jwks: 0 },
    discoveryIssuer: undefined,
    signing: first,
    published: [first],
    async sign(claims = {}, opts = {}) {
      const key = opts.key ?? issuer.signing;
      const iat = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
      const payload: JWTPayload = { iss: issuer.url, aud: 'kubernetes', sub: 'jane', iat, exp: iat + 3600, ...claims };
      return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: key.kid }).sign(key.privateKey);
    },
    async rotate(kid) {
      issuer.signing = await newSigningKey(kid);
      issuer.published = [issuer.signing];
    },
    close: () => issuer.server.close(),
  };
  issuer.server = await serveHttps((req, res) => {
    if (req.url === '/.well-known/openid-configuration') {
      issuer.requests.discovery++;
      sendJson(res, 200, { issuer: issuer.discoveryIssuer ?? issuer.url, jwks_uri: `${issuer.url}/openid/v1/jwks` });
    } else if (req.url === '/openid/v1/jwks') {
      issuer.requests.jwks++;
      sendJson(res, 200, { keys: issuer.published.map((k) => k.jwk) });
    } else {
      sendJson(res, 404, {});
    }
  });
  issuer.url = issuer.server.url;
  issuer.caPem = issuer.server.caPem;
  return issuer;
}
