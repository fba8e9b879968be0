/* global console, process, URL, Buffer */
/**
 * Token verification bench (tinybench): how long one bearer token takes to verify, for
 * RS256 (RSA 2048), ES256 (P-256) and EdDSA (Ed25519), measured in one run against two peers.
 *
 *   ours cold     serviceAccountTokenAuthenticator(...).authenticateToken: no token cache, but
 *                 the key import is warm (as on a live server)
 *   ours cached   cachedTokenAuthenticator(thatAuthenticator), after one call warmed it: a hit
 *   raw crypto    node:crypto on the same JWS: split, base64url-decode, crypto.verify, JSON.parse
 *                 of the payload. No claim checks: the floor for a verifier
 *   jose          jose jwtVerify(token, KeyObject, { algorithms, issuer, audience, clockTolerance })
 *   Map floor     an async Map.get(token): the floor of any cache (ours never keeps tokens, it
 *                 keys by an HMAC-SHA256 of the token)
 *
 * Targets: a cached verification ≤ 1 µs; a cold one within 1.5× of raw crypto. The bench says
 * whether they are met. Every verifier is checked to accept the token and to refuse a token
 * with a changed payload before anything is timed. Sub-µs tasks run in batches of 100 calls,
 * so the timer's own cost is not counted. Prints markdown tables.
 *
 *   npm run build && node bench/token-verify.mjs
 *   BENCH_TIME_MS=300 node bench/token-verify.mjs   # a quicker, noisier run
 *
 * @example
 * // node bench/token-verify.mjs
 * // | alg   | ours cold µs | raw crypto µs | jose µs | ours/raw | ours/jose | ...
 */
import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, hash as oneShotHash, randomBytes, verify as cryptoVerify } from 'node:crypto';
import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { cachedTokenAuthenticator, createServiceAccountIssuer, serviceAccountTokenAuthenticator } from '@apiserver-kit/authn';
import { fmt, markdownTable } from './table.mjs';

// The jose our authn package depends on (resolved from packages/authn, not hoisting luck).
const josePath = createRequire(new URL('../packages/authn/package.json', import.meta.url)).resolve('jose');
const jose = await import(pathToFileURL(josePath).href);

const time = Number(process.env.BENCH_TIME_MS ?? 1000);
const BATCH = 100;
const issuer = 'https://kubernetes.default.svc';
const audiences = [issuer];
let sink = 0;

const algs = [
  { alg: 'RS256', keys: () => generateKeyPairSync('rsa', { modulusLength: 2048 }), hash: 'sha256', dsa: undefined },
  { alg: 'ES256', keys: () => generateKeyPairSync('ec', { namedCurve: 'P-256' }), hash: 'sha256', dsa: 'ieee-p1363' },
  { alg: 'EdDSA', keys: () => generateKeyPairSync('ed25519'), hash: null, dsa: undefined },
];

const request = {
  namespace: 'ci',
  serviceAccount: { name: 'builder', uid: '0c0a2f4e-5d1b-4c55-9c51-3a1f8e2b7d10' },
  pod: { name: 'builder-7d9f', uid: '7e2b1c4d-8a3f-4e6b-9d2c-1b5a6f7e8d90' },
  audiences,
  expirationSeconds: 3600,
};

/** A kube-shaped service account token. The issuer refuses Ed25519 keys, so jose signs that one with the same claims. */
async function mint(alg, privateKey) {
  if (alg !== 'EdDSA') return (await createServiceAccountIssuer({ issuer, signingKey: privateKey }).issue(request)).token;
  const now = Math.floor(Date.now() / 1000);
  return new jose.SignJWT({
    'kubernetes.io': {
      namespace: request.namespace,
      serviceaccount: request.serviceAccount,
      pod: request.pod,
    },
  })
    .setProtectedHeader({ alg: 'EdDSA', kid: 'bench' })
    .setIssuer(issuer)
    .setSubject(`system:serviceaccount:${request.namespace}:${request.serviceAccount.name}`)
    .setAudience(audiences)
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 3600)
    .setJti('bench')
    .sign(privateKey);
}

/** The floor: split, decode, verify the signature, parse the claims. Returns the claims or null. */
function rawVerifier(hash, dsa, publicKey) {
  const key = dsa ? { key: publicKey, dsaEncoding: dsa } : publicKey;
  return (token) => {
    const dot1 = token.indexOf('.');
    const dot2 = token.indexOf('.', dot1 + 1);
    const signature = Buffer.from(token.slice(dot2 + 1), 'base64url');
    if (!cryptoVerify(hash, Buffer.from(token.slice(0, dot2)), key, signature)) return null;
    return JSON.parse(Buffer.from(token.slice(dot1 + 1, dot2), 'base64url').toString('utf8'));
  };
}

/** The same token with one claim changed and the old signature. */
function tampered(token) {
  const [h, p, s] = token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  claims.sub = 'system:serviceaccount:kube-system:admin';
  return `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${s}`;
}

const rejects = async (fn) => {
  try {
    return (await fn()) === null;
  } catch {
    return true;
  }
};

const batched = (fn) => async () => {
  for (let i = 0; i < BATCH; i++) sink += (await fn()) ? 1 : 0;
};

const bench = new Bench({ time, warmupTime: Math.min(250, time / 4), throws: true });
const cases = [];

for (const { alg, keys, hash, dsa } of algs) {
  const { privateKey, publicKey } = keys();
  const token = await mint(alg, privateKey);
  const bad = tampered(token);
  const raw = rawVerifier(hash, dsa, publicKey);
  const joseVerify = (t) => jose.jwtVerify(t, publicKey, { algorithms: [alg], issuer, audience: audiences, clockTolerance: 60 });

  let sa = null;
  let unsupported = '';
  try {
    sa = serviceAccountTokenAuthenticator({ issuers: [issuer], keys: [publicKey], audiences, ...(alg === 'EdDSA' ? { algorithms: ['EdDSA'] } : {}) });
  } catch (err) {
    unsupported = err instanceof Error ? err.message : String(err);
  }
  const ctx = { audiences };

  // Same answers before timing anything.
  assert.equal(raw(token)?.sub, 'system:serviceaccount:ci:builder');
  assert.equal(raw(bad), null);
  assert.equal((await joseVerify(token)).payload.sub, 'system:serviceaccount:ci:builder');
  assert.ok(await rejects(() => joseVerify(bad)), `${alg}: jose accepted a tampered token`);
  const c = { alg, token, unsupported, tasks: {} };
  if (sa) {
    const cached = cachedTokenAuthenticator(sa);
    assert.equal((await sa.authenticateToken(token, ctx))?.user.name, 'system:serviceaccount:ci:builder');
    assert.ok(await rejects(() => sa.authenticateToken(bad, ctx)), `${alg}: ours accepted a tampered token`);
    assert.equal((await cached.authenticateToken(token, ctx))?.user.name, 'system:serviceaccount:ci:builder'); // warms the cache
    assert.equal(cached.size, 1);
    c.tasks.cold = { name: `${alg} | ours cold`, fn: async () => sink += (await sa.authenticateToken(token, ctx)) ? 1 : 0, batch: 1 };
    c.tasks.cached = { name: `${alg} | ours cached`, fn: batched(() => cached.authenticateToken(token, ctx)), batch: BATCH };
  }
  c.tasks.raw = { name: `${alg} | raw crypto`, fn: () => (sink += raw(token) ? 1 : 0), batch: 1 };
  c.tasks.jose = { name: `${alg} | jose`, fn: async () => (sink += (await joseVerify(token)).payload ? 1 : 0), batch: 1 };
  cases.push(c);
}

// Cache floors, on the RS256 token (the cache does not look inside the token).
const floorToken = cases[0].token;
const map = new Map([[floorToken, { user: { name: 'system:serviceaccount:ci:builder', groups: ['system:serviceaccounts'] } }]]);
const secret = randomBytes(32);
// The same shape of input our cache hashes: count- and length-prefixed audiences, a 44-character secret.
const keyInputPrefix = `${audiences.length}${audiences.map((a) => `|${a.length}:${a}`).join('')}#${secret.toString('base64')}`;
const floors = [
  { name: 'floor | async Map.get(token)', fn: batched(async () => map.get(floorToken)), batch: BATCH, what: 'async `Map.get(token)`: keeps raw tokens in memory' },
  {
    name: 'floor | HMAC-SHA256 of the token',
    fn: () => {
      for (let i = 0; i < BATCH; i++) sink += createHmac('sha256', secret).update(floorToken).digest('base64').length;
    },
    batch: BATCH,
    what: '`createHmac(sha256).update(token).digest()` alone: the key derivation kube-apiserver pays per hit',
  },
  {
    name: 'floor | one-shot SHA-256 of the key input',
    fn: () => {
      for (let i = 0; i < BATCH; i++) sink += oneShotHash('sha256', keyInputPrefix + floorToken, 'latin1').length;
    },
    batch: BATCH,
    what: '`crypto.hash(sha256)` of audiences + secret + the whole token: what a whole-token key would cost',
  },
];

for (const c of cases) for (const t of Object.values(c.tasks)) bench.add(t.name, t.fn);
for (const f of floors) bench.add(f.name, f.fn);
process.stderr.write(`token-verify: ${bench.tasks.length} tasks, ${time} ms each...\n`);
await bench.run();

/** Mean and p50 per operation, µs. */
const perOp = (t) => {
  const r = bench.getTask(t.name)?.result;
  if (!r || !('latency' in r)) throw new Error(`${t.name}: no result (${r?.state})`);
  return { mean: (r.latency.mean * 1000) / t.batch, p50: (r.latency.p50 * 1000) / t.batch };
};
const x = (a, b) => `${(a / b).toFixed(2)}x`;

const coldRows = [];
const cachedRows = [];
const verdicts = [];
for (const c of cases) {
  const raw = perOp(c.tasks.raw);
  const jo = perOp(c.tasks.jose);
  if (!c.tasks.cold) {
    coldRows.push([c.alg, 'unsupported', fmt(raw.mean), fmt(jo.mean), 'n/a', 'n/a', 'n/a', x(jo.mean, raw.mean)]);
    verdicts.push(`${c.alg}: not accepted by serviceAccountTokenAuthenticator (${c.unsupported}); peers only.`);
    continue;
  }
  const cold = perOp(c.tasks.cold);
  const hit = perOp(c.tasks.cached);
  coldRows.push([
    c.alg,
    fmt(cold.mean),
    fmt(raw.mean),
    fmt(jo.mean),
    `**${x(cold.mean, raw.mean)}**`,
    x(cold.p50, raw.p50),
    x(cold.mean, jo.mean),
    x(jo.mean, raw.mean),
  ]);
  cachedRows.push([c.alg, fmt(hit.mean), fmt(hit.p50), fmt(cold.mean), `${fmt(cold.mean / hit.mean)}x`]);
  verdicts.push(
    `${c.alg}: cold ${x(cold.mean, raw.mean)} of raw crypto — target ≤ 1.5x ${cold.mean <= 1.5 * raw.mean ? 'MET' : 'NOT MET'}; ` +
      `cached ${fmt(hit.mean)} µs — target ≤ 1 µs ${hit.mean <= 1 ? 'MET' : 'NOT MET'}.`,
  );
}

console.log(`\n### Token verification (tinybench, ${time} ms per task, Node ${process.version}, ${os.cpus().length} cores)\n`);
console.log('Cold (no token cache), mean µs per verification:\n');
console.log(markdownTable(['alg', 'ours cold µs', 'raw crypto µs', 'jose µs', 'ours/raw', 'ours/raw p50', 'ours/jose', 'jose/raw'], coldRows, 1));
console.log('\nCached (cachedTokenAuthenticator hit), µs per verification:\n');
console.log(markdownTable(['alg', 'ours cached mean µs', 'ours cached p50 µs', 'ours cold µs', 'speed-up'], cachedRows, 1));
console.log('\nCache floors, µs per call:\n');
console.log(markdownTable(['floor', 'mean µs', 'p50 µs'], floors.map((f) => [f.what, fmt(perOp(f).mean), fmt(perOp(f).p50)]), 1));
console.log(`\nToken lengths: ${cases.map((c) => `${c.alg} ${c.token.length} bytes`).join(', ')}.`);
console.log(`\n${verdicts.map((v) => `- ${v}`).join('\n')}`);
if (sink === -1) console.log(sink);
