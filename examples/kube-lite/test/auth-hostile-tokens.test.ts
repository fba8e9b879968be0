/**
 * Forged, altered and stale bearer tokens against kube-lite: each is kube-apiserver's 401 (or,
 * where kube ignores the credential, an anonymous request), and nothing changes. Tokens are
 * built by hand (auth-jwt.ts) or minted with the server's own key and issuer through
 * createServiceAccountIssuer, with the clock moved.
 */
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServiceAccountIssuer } from '@apiserver-kit/authn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthCluster, anonymousNamespacesForbidden, expectUnauthorized, startAuthCluster, whoami } from './auth-cluster.js';
import { bearer, unchanged, writeWith } from './auth-hostile.js';
import { decodeJwt, hs256Jwt, rs256Jwt, unsignedJwt, withHeader, withPayload } from './auth-jwt.js';

const issuerURL = 'https://kubernetes.default.svc.cluster.local';
let c: AuthCluster;
let saKey: KeyObject;
let robotUid: string;
let robotToken: string;
let kid: string;

/** A token for default/robot signed with `key` (default: the server's), issued at `at`. */
function mint(opts: { at?: Date; audiences?: string[]; issuer?: string; key?: KeyObject; keyId?: string } = {}) {
  const at = opts.at;
  const issuer = createServiceAccountIssuer({
    issuer: opts.issuer ?? issuerURL,
    signingKey: opts.key ?? saKey,
    ...(opts.keyId ? { keyId: opts.keyId } : {}),
    ...(at ? { now: () => at } : {}),
  });
  return issuer
    .issue({ namespace: 'default', serviceAccount: { name: 'robot', uid: robotUid }, audiences: opts.audiences ?? [issuerURL], expirationSeconds: 600 })
    .then((t) => t.token);
}

/** Each token tries to create a configmap: every one is a 401 and nothing changes. */
async function rejectsAll(tokens: Record<string, string>): Promise<void> {
  await unchanged(c, async () => {
    for (const [what, token] of Object.entries(tokens)) expectUnauthorized(await writeWith(c, { headers: bearer(token) }), what);
  });
}

beforeAll(async () => {
  c = await startAuthCluster([]);
  const keep = await c.request('POST', '/api/v1/namespaces/default/configmaps', {
    body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep' }, data: { a: '1' } },
  });
  expect(keep.status, keep.body).toBe(201);
  expect((await c.kubectl(['create', 'sa', 'robot'])).code).toBe(0);
  robotUid = (await c.kubectl(['get', 'sa', 'robot', '-o', 'jsonpath={.metadata.uid}'])).stdout;
  robotToken = (await c.kubectl(['create', 'token', 'robot'])).stdout.trim();
  saKey = createPrivateKey(await readFile(join(c.dataDir, 'pki', 'sa.key'), 'utf8'));
  kid = decodeJwt(robotToken).header.kid as string;
});
afterAll(async () => {
  await c?.stop();
});

describe('service-account tokens under attack', () => {
  it('accepts a token minted with the server\'s key, issuer and audience (control for the forgeries)', async () => {
    const { response, userInfo } = await whoami(c, { cert: null, headers: bearer(await mint()) });
    expect(response.status, response.body).toBe(201);
    expect(userInfo).toMatchObject({ username: 'system:serviceaccount:default:robot', uid: robotUid });
  });

  it('rejects alg: none tokens carrying a real token\'s claims', async () => {
    const { payload, signature } = decodeJwt(robotToken);
    await rejectsAll({
      'alg none': unsignedJwt({ alg: 'none', typ: 'JWT' }, payload),
      'alg none with the real kid': unsignedJwt({ alg: 'none', kid }, payload),
      'alg NONE': unsignedJwt({ alg: 'NONE', kid }, payload),
      'alg none with the real signature': `${unsignedJwt({ alg: 'none', kid }, payload)}${signature}`,
    });
  });

  it('rejects HS256 tokens signed with the public verification key', async () => {
    const { payload } = decodeJwt(robotToken);
    const pub = createPublicKey(saKey);
    await rejectsAll({
      'HS256, SPKI PEM secret': hs256Jwt({ alg: 'HS256', typ: 'JWT', kid }, payload, pub.export({ type: 'spki', format: 'pem' }).toString()),
      'HS256, PKCS#1 PEM secret': hs256Jwt({ alg: 'HS256', kid }, payload, pub.export({ type: 'pkcs1', format: 'pem' }).toString()),
      'HS256, SPKI DER secret': hs256Jwt({ alg: 'HS256', kid }, payload, pub.export({ type: 'spki', format: 'der' })),
      'HS256 without kid': hs256Jwt({ alg: 'HS256' }, payload, pub.export({ type: 'spki', format: 'pem' }).toString()),
    });
  });

  it('rejects a real token whose payload or header was altered', async () => {
    const { payload } = decodeJwt(robotToken);
    const k8s = payload['kubernetes.io'] as { serviceaccount: Record<string, string> };
    await rejectsAll({
      'sub flipped': withPayload(robotToken, { sub: 'system:serviceaccount:kube-system:admin' }),
      'service account flipped': withPayload(robotToken, { 'kubernetes.io': { ...k8s, serviceaccount: { ...k8s.serviceaccount, name: 'admin' } } }),
      'exp extended': withPayload(robotToken, { exp: (payload.exp as number) + 86_400 }),
      'alg switched to RS512': withHeader(robotToken, { alg: 'RS512' }),
    });
  });

  it('rejects expired and not-yet-valid tokens minted with the server\'s own key', async () => {
    const hour = 3_600_000;
    await rejectsAll({
      expired: await mint({ at: new Date(Date.now() - 2 * hour) }),
      'not yet valid': await mint({ at: new Date(Date.now() + 2 * hour) }),
    });
  });

  it('rejects a token for another audience', async () => {
    await rejectsAll({ 'wrong audience': await mint({ audiences: ['https://evil.example'] }) });
  });

  it('rejects a token of another issuer signed by the right key', async () => {
    await rejectsAll({ 'iss https://evil': await mint({ issuer: 'https://evil' }) });
  });

  it('rejects an unknown kid and a foreign key behind the real kid', async () => {
    const { payload } = decodeJwt(robotToken);
    const { privateKey: foreign } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    await rejectsAll({
      'unknown kid, right key': rs256Jwt({ alg: 'RS256', kid: 'unknown-kid' }, payload, saKey),
      'real kid, foreign key': rs256Jwt({ alg: 'RS256', kid }, payload, foreign),
      'no kid, foreign key': rs256Jwt({ alg: 'RS256' }, payload, foreign),
      'foreign issuer key': await mint({ key: foreign }),
    });
  });

  it('rejects the token of a deleted service account, and after it is re-created', async () => {
    expect((await c.kubectl(['create', 'sa', 'doomed'])).code).toBe(0);
    const token = (await c.kubectl(['create', 'token', 'doomed'])).stdout.trim();
    expect((await c.kubectl(['delete', 'sa', 'doomed'])).code).toBe(0);
    // First use after the deletion: no cached success can answer for it.
    await rejectsAll({ 'deleted service account': token });
    expect((await c.kubectl(['create', 'sa', 'doomed'])).code).toBe(0);
    await rejectsAll({ 're-created service account (new uid)': token });
  });
});

describe('other bearer-token abuse', () => {
  it('ignores tokens in the query string (the request is anonymous)', async () => {
    for (const param of ['access_token', 'token']) {
      const list = await c.request('GET', `/api/v1/namespaces?${param}=${robotToken}`, { cert: null });
      expect(list.status, `${param}: ${list.body}`).toBe(403);
      expect(list.json().message, param).toBe(anonymousNamespacesForbidden);
    }
    await unchanged(c, async () => {
      const r = await c.request('POST', `/api/v1/namespaces/default/configmaps?access_token=${robotToken}`, {
        cert: null,
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'stolen' } },
      });
      expect(r.status, r.body).toBe(403);
    });
  });

  it('rejects a 10 KB garbage bearer token', async () => {
    const garbage = randomBytes(7680).toString('base64url');
    expect(garbage.length).toBe(10_240);
    await rejectsAll({
      'random 10 KB': garbage,
      'JWT-shaped 10 KB': `${garbage.slice(0, 3000)}.${garbage.slice(3000, 9000)}.${garbage.slice(9000)}`,
    });
  });
});
