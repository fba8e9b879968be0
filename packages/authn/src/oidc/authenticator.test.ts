import { generateKeyPairSync } from 'node:crypto';
import net from 'node:net';
import { SignJWT, base64url, decodeJwt } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServiceAccountIssuer } from '../serviceaccount/issuer.js';
import { serviceAccountTokenAuthenticator } from '../serviceaccount/authenticator.js';
import { unionTokenAuthenticators } from '../token.js';
import { oidcAuthenticator, type OidcAuthenticatorOptions } from './authenticator.js';
import { type FetchLike, createTlsFetch } from './http-client.js';
import { type FakeIssuer, newSigningKey, startFakeIssuer } from './testdata/fake-issuer.js';
import { serveHttps } from './testdata/https.js';
import { authOutcome } from '../testing/index.js';

let idp: FakeIssuer;
beforeAll(async () => {
  idp = await startFakeIssuer();
});
afterAll(() => idp.close());
afterEach(() => {
  vi.useRealTimers();
});

function authenticator(extra: Partial<OidcAuthenticatorOptions> = {}) {
  return oidcAuthenticator({ issuerURL: idp.url, clientID: 'kubernetes', caPem: idp.caPem, groupsClaim: 'groups', ...extra });
}

const outcome = authOutcome;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('oidcAuthenticator', () => {
  it('authenticates an ID token of the issuer through discovery and the JWKS over HTTPS with a private CA', async () => {
    const token = await idp.sign({ groups: ['dev'] });
    expect(await authenticator().authenticateToken(token, {})).toEqual({ user: { name: `${idp.url}#jane`, groups: ['dev'] } });
  });

  it('has no opinion about tokens of other issuers and about non-JWTs, without contacting the issuer', async () => {
    const before = { ...idp.requests };
    const a = authenticator();
    expect(await a.authenticateToken(await idp.sign({ iss: 'https://other.example' }), {})).toBeNull();
    expect(await a.authenticateToken('x'.repeat(10 * 1024), {})).toBeNull();
    expect(await a.authenticateToken('abc.def.ghi', {})).toBeNull();
    expect(idp.requests).toEqual(before);
  });

  it('rejects a token claiming the issuer but signed by another key', async () => {
    const a = authenticator();
    const impostor = await newSigningKey('key-1');
    expect(await outcome(a.authenticateToken(await idp.sign({}, { key: impostor }), {}))).toBe('401 oidc: verify token: invalid signature');
    const unknown = await newSigningKey('unknown-kid');
    expect(await outcome(a.authenticateToken(await idp.sign({}, { key: unknown }), {}))).toBe(
      '401 oidc: verify token: no signing key matches the token',
    );
  });

  it('rejects alg none, HS256 signed with the public key, and a tampered payload', async () => {
    const a = authenticator();
    const good = await idp.sign();
    const [h, p, s] = good.split('.') as [string, string, string];
    const none = `${base64url.encode(JSON.stringify({ alg: 'none' }))}.${p}.`;
    expect(await outcome(a.authenticateToken(none, {}))).toMatch(/^401 oidc: verify token: /);
    const hs = await new SignJWT(decodeJwt(good))
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .sign(new TextEncoder().encode(JSON.stringify(idp.signing.jwk)));
    expect(await outcome(a.authenticateToken(hs, {}))).toBe('401 oidc: verify token: unsupported signing algorithm');
    const claims = { ...decodeJwt(good), sub: 'admin' };
    expect(await outcome(a.authenticateToken(`${h}.${base64url.encode(JSON.stringify(claims))}.${s}`, {}))).toBe(
      '401 oidc: verify token: invalid signature',
    );
  });

  it('rejects a token for another client', async () => {
    expect(await outcome(authenticator().authenticateToken(await idp.sign({ aud: ['someone-else'] }), {}))).toBe(
      '401 oidc: verify token: audience does not match',
    );
    expect(await outcome(authenticator({ clientID: undefined, audiences: ['a', 'kubernetes'] }).authenticateToken(await idp.sign(), {}))).toMatch(
      /^ok/,
    );
  });

  it('rejects expired tokens without leeway, and tokens not valid yet beyond 5 minutes of skew', async () => {
    const t = Math.floor(Date.now() / 1000);
    const a = authenticator();
    expect(await outcome(a.authenticateToken(await idp.sign({ exp: t - 2 }), {}))).toBe('401 oidc: verify token: token is expired');
    expect(await outcome(a.authenticateToken(await idp.sign({ nbf: t + 120 }), {}))).toMatch(/^ok/);
    expect(await outcome(a.authenticateToken(await idp.sign({ nbf: t + 600 }), {}))).toBe('401 oidc: verify token: token is not valid yet');
    expect(await outcome(a.authenticateToken(await idp.sign({ exp: undefined }), {}))).toMatch(/^401 oidc: verify token: invalid claim exp/);
  });

  it('applies the username and required-claim rules after verification', async () => {
    const a = authenticator({ usernameClaim: 'email', requiredClaims: { hd: 'example.com' } });
    expect(await outcome(a.authenticateToken(await idp.sign({ email: 'jane@example.com', hd: 'example.com' }), {}))).toBe(
      'ok jane@example.com',
    );
    expect(
      await outcome(a.authenticateToken(await idp.sign({ email: 'jane@example.com', email_verified: false, hd: 'example.com' }), {})),
    ).toBe('401 oidc: email not verified');
    expect(await outcome(a.authenticateToken(await idp.sign({ email: 'jane@example.com' }), {}))).toBe(
      '401 oidc: required claim hd not present in ID token',
    );
  });

  it('follows key rotation: a token of the new key verifies once the JWKS cooldown has passed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const a = authenticator();
    expect(await outcome(a.authenticateToken(await idp.sign(), {}))).toMatch(/^ok/);
    const fetched = idp.requests.jwks;
    await idp.rotate('key-2');
    const rotated = await idp.sign();
    // Within jose's 30s cooldown an unknown kid does not refetch the JWKS.
    expect(await outcome(a.authenticateToken(rotated, {}))).toBe('401 oidc: verify token: no signing key matches the token');
    expect(idp.requests.jwks).toBe(fetched);
    vi.setSystemTime(Date.now() + 31_000);
    expect(await outcome(a.authenticateToken(rotated, {}))).toMatch(/^ok/);
    expect(idp.requests.jwks).toBe(fetched + 1);
  });

  it('fails tokens with 401 when discovery reports another issuer', async () => {
    idp.discoveryIssuer = 'https://evil.example';
    try {
      const seen: Error[] = [];
      const a = authenticator({ onError: (e) => seen.push(e) });
      expect(await outcome(a.authenticateToken(await idp.sign(), {}))).toBe('401 oidc: authenticator not initialized');
      expect(seen.map((e) => e.message)).toEqual([
        `issuer did not match the issuer returned by provider, expected "${idp.url}" got "https://evil.example"`,
      ]);
    } finally {
      idp.discoveryIssuer = undefined;
    }
  });

  it('does not trust the issuer certificate without its CA', async () => {
    const a = oidcAuthenticator({ issuerURL: idp.url, clientID: 'kubernetes' });
    expect(await outcome(a.authenticateToken(await idp.sign(), {}))).toBe('401 oidc: authenticator not initialized');
  });

  it('fails fast for an unreachable issuer, retries later, and leaves other authenticators working', async () => {
    const port = await closedPort();
    const issuerURL = `https://127.0.0.1:${port}`;
    let clock = Date.parse('2025-01-01T00:00:00Z');
    const now = () => new Date(clock);
    let attempts = 0;
    const tls = createTlsFetch({ caPem: idp.caPem });
    const counting: FetchLike = (url, init) => {
      attempts++;
      return tls(url, init);
    };
    const oidc = oidcAuthenticator({ issuerURL, clientID: 'kubernetes', fetch: counting, now, initRetryMs: 10_000 });
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const saIssuer = createServiceAccountIssuer({ issuer: 'https://kubernetes.default.svc', signingKey: privateKey, now });
    const sa = serviceAccountTokenAuthenticator({ issuers: ['https://kubernetes.default.svc'], keys: [publicKey], now });
    const union = unionTokenAuthenticators(oidc, sa);

    const idToken = await idp.sign({ iss: issuerURL }, { nowSeconds: clock / 1000 });
    expect(await outcome(union.authenticateToken(idToken, {}))).toBe('401 oidc: authenticator not initialized');
    expect(attempts).toBe(1);
    const saToken = (await saIssuer.issue({ namespace: 'ci', serviceAccount: { name: 'b', uid: 'u' }, audiences: ['x'] })).token;
    expect(await outcome(union.authenticateToken(saToken, {}))).toBe('ok system:serviceaccount:ci:b');
    // Within the retry interval tokens fail without contacting the issuer again.
    expect(await outcome(union.authenticateToken(idToken, {}))).toBe('401 oidc: authenticator not initialized');
    expect(attempts).toBe(1);
    clock += 10_001;
    expect(await outcome(union.authenticateToken(idToken, {}))).toBe('401 oidc: authenticator not initialized');
    expect(attempts).toBe(2);
  });

  it('gives up on an issuer that accepts connections but never answers', async () => {
    const silent = await serveHttps(() => {
      /* never responds */
    });
    try {
      const a = oidcAuthenticator({ issuerURL: silent.url, clientID: 'kubernetes', caPem: silent.caPem, timeoutMs: 50 });
      const token = await idp.sign({ iss: silent.url });
      expect(await outcome(a.authenticateToken(token, {}))).toBe('401 oidc: authenticator not initialized');
    } finally {
      await silent.close();
    }
  });

  it('initializes once the issuer comes back', async () => {
    let clock = Date.now();
    let up = false;
    const server = await serveHttps((req, res) => {
      if (!up) {
        res.writeHead(503).end();
        return;
      }
      res.writeHead(302, { location: `${idp.url}${req.url}` }).end();
    });
    try {
      const tls = createTlsFetch({ caPem: idp.caPem });
      // Discovery goes to the flaky server; the JWKS lives at the fake issuer.
      const fetchImpl: FetchLike = async (url, init) => {
        if (!url.startsWith(server.url)) return tls(url, init);
        const res = await tls(url, init);
        if (res.status !== 302) return res;
        const body = { issuer: server.url, jwks_uri: `${idp.url}/openid/v1/jwks` };
        return new Response(JSON.stringify(body), { status: 200 });
      };
      const a = oidcAuthenticator({ issuerURL: server.url, clientID: 'kubernetes', fetch: fetchImpl, now: () => new Date(clock) });
      const token = await idp.sign({ iss: server.url });
      expect(await outcome(a.authenticateToken(token, {}))).toBe('401 oidc: authenticator not initialized');
      up = true;
      clock += 10_001;
      expect(await outcome(a.authenticateToken(token, {}))).toBe(`ok ${server.url}#jane`);
    } finally {
      await server.close();
    }
  });

  it('refuses unsafe configurations', () => {
    expect(() => oidcAuthenticator({ issuerURL: 'http://dex.example.com', clientID: 'k' })).toThrow(/must use https/);
    expect(() => oidcAuthenticator({ issuerURL: 'https://dex.example.com' })).toThrow(/clientID or audiences/);
    expect(() => oidcAuthenticator({ issuerURL: 'https://dex.example.com', clientID: 'k', algorithms: ['HS256'] })).toThrow(/unsupported/);
    expect(() => oidcAuthenticator({ issuerURL: 'https://dex.example.com', clientID: 'k', algorithms: ['none'] })).toThrow(/unsupported/);
  });
});
