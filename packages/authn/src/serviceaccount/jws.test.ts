import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseCompactJws, verifyJws } from './jws.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

function jws(header: Record<string, unknown>, payload: Record<string, unknown>, signer: (input: Buffer) => Buffer): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${signer(Buffer.from(input)).toString('base64url')}`;
}

describe('verifyJws', () => {
  it('verifies RS256 and ES256 (raw r||s) signatures made with node:crypto', () => {
    const r = parseCompactJws(jws({ alg: 'RS256' }, { sub: 'a' }, (i) => sign('sha256', i, rsa.privateKey)))!;
    expect(verifyJws(r, 'RS256', rsa.publicKey)).toBe(true);
    const e = parseCompactJws(jws({ alg: 'ES256' }, { sub: 'a' }, (i) => sign('sha256', i, { key: ec.privateKey, dsaEncoding: 'ieee-p1363' })))!;
    expect(verifyJws(e, 'ES256', ec.publicKey)).toBe(true);
  });

  it('refuses a key of another family, a tampered payload, HMAC with the public key, and crit/b64 headers', () => {
    const token = jws({ alg: 'RS256' }, { sub: 'a' }, (i) => sign('sha256', i, rsa.privateKey));
    const r = parseCompactJws(token)!;
    expect(verifyJws(r, 'ES256', rsa.publicKey)).toBe(false);
    expect(verifyJws(r, 'RS256', ec.publicKey)).toBe(false);
    const [h, , s] = token.split('.');
    expect(verifyJws(parseCompactJws(`${h}.${b64({ sub: 'root' })}.${s}`)!, 'RS256', rsa.publicKey)).toBe(false);
    const pem = rsa.publicKey.export({ type: 'spki', format: 'pem' });
    const hs = parseCompactJws(jws({ alg: 'HS256' }, { sub: 'a' }, (i) => createHmac('sha256', pem).update(i).digest()))!;
    expect(verifyJws(hs, 'HS256', rsa.publicKey)).toBe(false);
    const crit = parseCompactJws(jws({ alg: 'RS256', crit: ['x'], x: 1 }, { sub: 'a' }, (i) => sign('sha256', i, rsa.privateKey)))!;
    expect(verifyJws(crit, 'RS256', rsa.publicKey)).toBe(false);
  });

  it('parses only well-formed compact serializations', () => {
    expect(parseCompactJws('a.b')).toBeNull();
    expect(parseCompactJws('a.b.c.d')).toBeNull();
    expect(parseCompactJws(`${b64({ alg: 'RS256' })}.${b64([1])}.sig`)).toBeNull();
    expect(parseCompactJws(`${b64({ alg: 'RS256' })}.not base64.sig`)).toBeNull();
    expect(parseCompactJws('x'.repeat(10_000))).toBeNull();
  });
});
