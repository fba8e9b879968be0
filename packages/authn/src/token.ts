/**
 * Bearer tokens: extracting them from a request, the `TokenAuthenticator` interface that every
 * token-based authenticator implements, and `bearerAuthenticator`, which turns token
 * authenticators into a request `Authenticator` with kube-apiserver's semantics.
 *
 * @example
 * const tokens = unionTokenAuthenticators(tokenFile, serviceAccounts, oidc);
 * const authn = bearerAuthenticator(tokens, { audiences: ['https://kubernetes.default.svc'] });
 */
import { type ApiRequest, type AuthenticationResult, type Authenticator, errors, header } from '@apiserver-kit/core';

export interface TokenContext {
  /** The audiences the server accepts (--api-audiences); authenticators that check audiences use them. */
  audiences?: string[];
  signal?: AbortSignal;
}

export interface TokenAuthenticator {
  readonly name?: string;
  /**
   * null: not a token this authenticator recognizes (no opinion) — e.g. a JWT from another
   * issuer. Throws a StatusError (401) for a token that is its kind but invalid.
   */
  authenticateToken(token: string, ctx: TokenContext): Promise<AuthenticationResult | null>;
}

export function tokenAuthenticatorFn(
  fn: (token: string, ctx: TokenContext) => Promise<AuthenticationResult | null>,
  name?: string,
): TokenAuthenticator {
  return name === undefined ? { authenticateToken: fn } : { name, authenticateToken: fn };
}

/** The first token authenticator that recognizes the token decides. A one-element union is its element. */
export function unionTokenAuthenticators(...authenticators: TokenAuthenticator[]): TokenAuthenticator {
  if (authenticators.length === 1) return authenticators[0]!;
  return {
    name: 'union',
    async authenticateToken(token, ctx) {
      for (const a of authenticators) {
        const result = await a.authenticateToken(token, ctx);
        if (result) return result;
      }
      return null;
    },
  };
}

const wsProtocolPrefix = 'base64url.bearer.authorization.k8s.io.';

/**
 * The bearer token of a request: `Authorization: Bearer <token>` (scheme case-insensitive) or,
 * for WebSocket clients, the `base64url.bearer.authorization.k8s.io.<token>` subprotocol.
 * Tokens in the query string are never read. Returns null when there is none, or when the
 * Authorization header is something else (Basic, a malformed Bearer): kube has no opinion then.
 */
export function bearerToken(req: Pick<ApiRequest, 'headers'>): string | null {
  const auth = header(req, 'authorization');
  if (auth) {
    // kube's bearertoken: split on single spaces; anything but "Bearer <token>" is no opinion.
    const parts = auth.trim().split(' ');
    if (parts.length < 2 || parts[0]!.toLowerCase() !== 'bearer') return null;
    return parts[1] || null;
  }
  const protocols = header(req, 'sec-websocket-protocol');
  if (!protocols) return null;
  for (const p of protocols.split(',').map((s) => s.trim())) {
    if (!p.startsWith(wsProtocolPrefix)) continue;
    const encoded = p.slice(wsProtocolPrefix.length);
    if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return null;
    const token = Buffer.from(encoded, 'base64url').toString('utf8');
    return token || null;
  }
  return null;
}

/**
 * A request Authenticator over token authenticators. No token: no opinion. A token nobody
 * recognizes: 401, as kube-apiserver answers "invalid bearer token" — never a fall-through to
 * anonymous.
 */
export function bearerAuthenticator(tokens: TokenAuthenticator, ctx: Omit<TokenContext, 'signal'> = {}): Authenticator {
  return {
    name: 'bearer',
    async authenticate(req) {
      const token = bearerToken(req);
      if (token === null) return null;
      const result = await tokens.authenticateToken(token, { ...ctx, signal: req.signal });
      if (!result) throw errors.unauthorized();
      return result;
    },
  };
}
