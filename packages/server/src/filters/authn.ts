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
  isStatusError,
} from '@apiserver-kit/core';
import type { Filter } from './chain.js';

export function authenticationFilter(authenticator: Authenticator | undefined): Filter {
  return async (x, next) => {
    if (!authenticator) {
      x.req.user = { name: Users.anonymous, groups: [Groups.allUnauthenticated] };
      return next(x);
    }
    let result;
    try {
      result = await authenticator.authenticate(x.req);
    } catch (err) {
      throw isStatusError(err) && err.status.code === 401 ? err : errors.unauthorized();
    }
    if (!result) throw errors.unauthorized();
    x.req.user = result.user;
    delete x.req.headers.authorization;
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
