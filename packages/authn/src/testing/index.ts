/**
 * Test helpers for code that uses @apiserver-kit/authn: requests carrying client certificates
 * or bearer tokens, and a token authenticator that counts its calls.
 *
 * @example
 * import { requestWithClientCert, countingTokenAuthenticator } from '@apiserver-kit/authn/testing';
 * const req = requestWithClientCert(client.certPem); // certPem from @apiserver-kit/pki
 * expect(await x509Authenticator({ ca: ca.certPem }).authenticate(req)).toMatchObject({ user: { name: 'alice' } });
 */
import { X509Certificate } from 'node:crypto';
import { type ApiRequest, type AuthenticationResult, type PeerCertificate, type UserInfo, isStatusError, makeApiRequest } from '@apiserver-kit/core';
import { pemCertificates } from '../cert/verify.js';
import type { TokenAuthenticator, TokenContext } from '../token.js';

type Fields = Record<string, string | string[]>;

function fields(obj: unknown): Fields {
  const out: Fields = {};
  for (const [k, v] of Object.entries((obj ?? {}) as Record<string, unknown>)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.map(String);
  }
  return out;
}

/** A PeerCertificate as node's TLS layer reports it, from one DER certificate. */
export function peerCertificateFromDer(der: Uint8Array): PeerCertificate {
  const x = new X509Certificate(der);
  const legacy = x.toLegacyObject();
  return { raw: new Uint8Array(x.raw), subject: fields(legacy.subject), issuer: fields(legacy.issuer), fingerprint256: x.fingerprint256 };
}

/** The PeerCertificates of every certificate in PEM text(s), in order (leaf first, as a client sends them). */
export function peerCertificatesFromPem(pem: string | readonly string[]): PeerCertificate[] {
  const texts = typeof pem === 'string' ? [pem] : pem;
  return texts.flatMap((t) => pemCertificates(t).map(peerCertificateFromDer));
}

/** A TLS request whose client presented `chainPem` (leaf first). */
export function requestWithClientCert(chainPem: string | readonly string[], partial: Partial<ApiRequest> = {}): ApiRequest {
  return makeApiRequest({ ...partial, tls: true, peerCertificates: peerCertificatesFromPem(chainPem) });
}

/** A request with `Authorization: Bearer <token>`. */
export function requestWithBearerToken(token: string, partial: Partial<ApiRequest> = {}): ApiRequest {
  return makeApiRequest({ ...partial, headers: { ...partial.headers, authorization: `Bearer ${token}` } });
}

export interface CountingTokenAuthenticator extends TokenAuthenticator {
  /** How many times authenticateToken ran. */
  readonly calls: number;
  /** The contexts it was called with, in order. */
  readonly contexts: readonly TokenContext[];
}

/**
 * A token authenticator over a fixed map, counting its calls (for cache and union tests).
 * Unknown tokens answer null; `results` values may also be functions, to throw or delay.
 */
export function countingTokenAuthenticator(
  results: Record<string, UserInfo | AuthenticationResult | ((ctx: TokenContext) => Promise<AuthenticationResult | null>)>,
): CountingTokenAuthenticator {
  let calls = 0;
  const contexts: TokenContext[] = [];
  return {
    name: 'counting',
    get calls() {
      return calls;
    },
    contexts,
    async authenticateToken(token, ctx) {
      calls++;
      contexts.push(ctx);
      if (!Object.hasOwn(results, token)) return null;
      const r = results[token]!;
      if (typeof r === 'function') return r(ctx);
      return 'user' in r ? structuredClone(r) : { user: structuredClone(r) };
    },
  };
}

/**
 * What an authentication attempt came to, as one comparable string: `ok <user>`, `null` (no
 * opinion) or `<code> <message>` for a StatusError.
 */
export async function authOutcome(p: Promise<{ user: { name: string } } | null | unknown>): Promise<string> {
  try {
    const r = (await p) as { user: { name: string } } | null;
    return r ? `ok ${r.user.name}` : 'null';
  } catch (err) {
    if (isStatusError(err)) return `${err.httpCode} ${err.message}`;
    throw err;
  }
}
