/**
 * Authentication and authorization filters. With no authenticator configured every request is
 * anonymous; with no authorizer everything is allowed — the server logs both loudly.
 */
import {
  type Authenticator,
  type Authorizer,
  Groups,
  Users,
  attributesOf,
  errors,
  forbiddenMessage,
  stripRequestHeaders,
} from '@apiserver-kit/core';
import type { Filter } from './chain.js';

/** Remove the Authorization header from a node request (parsed and raw forms). */
/** Headers that carried a credential or a proxied identity, removed after authentication. */
export interface CredentialHeaders {
  /** Lower-case header names. */
  headers: string[];
  /** Lower-case header name prefixes (X-Remote-Extra-). */
  prefixes: string[];
}

export function authenticationFilter(
  authenticator: Authenticator | undefined,
  strip: CredentialHeaders = { headers: [], prefixes: [] },
): Filter {
  return async (x, next) => {
    if (!authenticator) {
      x.req.user = { name: Users.anonymous, groups: [Groups.allUnauthenticated] };
      return next(x);
    }
    let result;
    try {
      result = await authenticator.authenticate(x.req);
    } catch (err) {
      // As kube-apiserver: the client learns only "Unauthorized", never why (an expired token,
      // a uid mismatch...); the reason stays on the error's cause for whoever logs it.
      const denied = errors.unauthorized();
      Object.defineProperty(denied, 'cause', { value: err });
      throw denied;
    }
    if (!result) throw errors.unauthorized();
    x.req.user = result.user;
    // As kube's authentication filter: the credential is gone for everything after it
    // (filters, handlers, and whatever reads the raw request, such as a proxy).
    const matches = (name: string) =>
      name === 'authorization' || strip.headers.includes(name) || strip.prefixes.some((p) => name.startsWith(p));
    stripRequestHeaders(x.req, matches);
    stripRequestHeaders(x.raw, matches);
    return next(x);
  };
}

export function authorizationFilter(authorizer: Authorizer | undefined): Filter {
  return async (x, next) => {
    if (!authorizer) return next(x);
    const attrs = attributesOf(x.req);
    const d = await authorizer.authorize(attrs);
    if (d.decision === 'Allow') return next(x);
    const reason = d.reason ? `: ${d.reason}` : '';
    const i = x.req.info;
    throw errors.forbidden(
      i.isResourceRequest ? { group: i.apiGroup, resource: i.resource } : { group: '', resource: '' },
      i.name,
      `${forbiddenMessage(attrs)}${reason}`,
    );
  };
}
