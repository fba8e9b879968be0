/**
 * Authentication: an `Authenticator` looks at a request and answers with a user, with no
 * opinion (`null`), or throws a StatusError (401) for a credential that is present but invalid.
 *
 * @example
 * const tokens = authenticatorFn(async (req) => req.headers.authorization === 'Bearer s3cret'
 *   ? { user: { name: 'alice', groups: [] } } : null);
 * const authn = unionAuthenticators(certs, tokens);
 */
import type { ApiRequest } from './request.js';
import type { UserInfo } from './user.js';

export interface AuthenticationResult {
  user: UserInfo;
  /** The audiences the credential was valid for, when the authenticator checks audiences. */
  audiences?: string[];
}

export interface Authenticator {
  readonly name?: string;
  /** null: no opinion (no credential of this kind). Throws for an invalid credential. */
  authenticate(req: ApiRequest): Promise<AuthenticationResult | null>;
}

export function authenticatorFn(
  fn: (req: ApiRequest) => Promise<AuthenticationResult | null>,
  name?: string,
): Authenticator {
  return name === undefined ? { authenticate: fn } : { name, authenticate: fn };
}

/**
 * The first authenticator that succeeds wins. One that throws stops the search (an invalid
 * credential must never fall through to a weaker authenticator such as anonymous).
 * A one-element union is its element.
 */
export function unionAuthenticators(...authenticators: Authenticator[]): Authenticator {
  if (authenticators.length === 1) return authenticators[0]!;
  return {
    name: 'union',
    async authenticate(req) {
      for (const a of authenticators) {
        const result = await a.authenticate(req);
        if (result) return result;
      }
      return null;
    },
  };
}
