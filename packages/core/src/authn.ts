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
 * kube-apiserver's union: the first authenticator that succeeds wins. One that throws does not
 * stop the others (a bad client certificate next to a valid token still authenticates); when
 * none succeeds, the first error is thrown, and with no errors the answer is no opinion.
 * A one-element union is its element.
 */
export function unionAuthenticators(...authenticators: Authenticator[]): Authenticator {
  if (authenticators.length === 1) return authenticators[0]!;
  return {
    name: 'union',
    async authenticate(req) {
      let firstError: unknown;
      for (const a of authenticators) {
        try {
          const result = await a.authenticate(req);
          if (result) return result;
        } catch (err) {
          firstError ??= err;
        }
      }
      if (firstError !== undefined) throw firstError;
      return null;
    },
  };
}

/**
 * kube-apiserver's fail-on-error union: `fallback` (anonymous) runs only when `primary` had no
 * opinion. An invalid credential fails the request and never falls through to anonymous.
 */
export function unionFailOnError(primary: Authenticator, fallback: Authenticator): Authenticator {
  return {
    name: 'union',
    async authenticate(req) {
      return (await primary.authenticate(req)) ?? fallback.authenticate(req);
    },
  };
}
