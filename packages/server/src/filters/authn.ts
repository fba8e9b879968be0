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
} from '@apiserver-kit/core';
import type { IncomingMessage } from 'node:http';
import type { Filter } from './chain.js';

/** Remove the Authorization header from a node request (parsed and raw forms). */
function dropAuthorization(raw: IncomingMessage): void {
  delete raw.headers.authorization;
  const rawHeaders = raw.rawHeaders;
  for (let i = rawHeaders.length - 2; i >= 0; i -= 2) {
    if (rawHeaders[i]!.toLowerCase() === 'authorization') rawHeaders.splice(i, 2);
  }
}

/** Headers that carried a credential or a proxied identity, removed after authentication. */
export interface CredentialHeaders {
  /** Lower-case header names. */
  headers: string[];
  /** Lower-case header name prefixes (X-Remote-Extra-). */
  prefixes: string[];
}

function dropHeaders(headers: Record<string, unknown>, strip: CredentialHeaders): void {
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    if (strip.headers.includes(lower) || strip.prefixes.some((p) => lower.startsWith(p))) delete headers[name];
  }
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
    delete x.req.headers.authorization;
    dropAuthorization(x.raw);
    if (strip.headers.length + strip.prefixes.length > 0) {
      dropHeaders(x.req.headers, strip);
      dropHeaders(x.raw.headers, strip);
    }
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
