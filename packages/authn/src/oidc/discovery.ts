/**
 * OpenID Connect discovery: `GET <issuer>/.well-known/openid-configuration`, whose `issuer` must
 * equal the configured issuer URL exactly (OpenID Connect Discovery 1.0, section 4.3).
 */
import type { FetchLike } from './http-client.js';

export interface ProviderMetadata {
  issuer: string;
  jwksUri: URL;
}

export function discoveryURL(issuerURL: string): string {
  return `${issuerURL.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/** Fetches and checks the provider metadata. Errors name the problem, never a response body. */
export async function discover(issuerURL: string, fetchImpl: FetchLike, timeoutMs: number): Promise<ProviderMetadata> {
  const res = await fetchImpl(discoveryURL(issuerURL), {
    method: 'GET',
    headers: { accept: 'application/json' },
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.status !== 200) throw new Error(`discovery returned HTTP ${res.status}`);
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    throw new Error('discovery document is not JSON');
  }
  if (typeof body !== 'object' || body === null) throw new Error('discovery document is not an object');
  const doc = body as Record<string, unknown>;
  if (doc.issuer !== issuerURL) {
    throw new Error(`issuer did not match the issuer returned by provider, expected "${issuerURL}" got "${String(doc.issuer)}"`);
  }
  if (typeof doc.jwks_uri !== 'string') throw new Error('discovery document has no jwks_uri');
  let jwksUri: URL;
  try {
    jwksUri = new URL(doc.jwks_uri);
  } catch {
    throw new Error('discovery document has an invalid jwks_uri');
  }
  if (jwksUri.protocol !== 'https:' && jwksUri.protocol !== 'http:') throw new Error('jwks_uri must be an http(s) URL');
  return { issuer: doc.issuer, jwksUri };
}
