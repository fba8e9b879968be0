/**
 * A kit for unit-testing authorization policy without a cluster: ask an authorizer what it
 * decides for a user, a verb and a resource (or a non-resource path), and load a team's real
 * RBAC YAML into a data source.
 *
 * Users are a UserInfo, or a string:
 * - `'alice'`, `'alice:dev,ops'` — a user, with groups after the colon;
 * - `'system:serviceaccount:ci:deployer'` (optionally `:groups`) — a service account;
 * - `'system:<x>'` and `'system:node:<n>'` (optionally `:groups`) — other system users.
 * As kube-apiserver's impersonation does, every user but `system:anonymous` also gets
 * `system:authenticated` (anonymous gets `system:unauthenticated`), and a service account given
 * without groups gets `system:serviceaccounts` and `system:serviceaccounts:<ns>`.
 *
 * Resources are `pods`, `pods/log`, `deployments.apps`, `deployments.apps/scale`; a resource
 * starting with `/` is a non-resource path (`/healthz`).
 *
 * @example
 * import { expectAllowed, expectDenied, loadRbacManifests } from '@apiserver-kit/authz/testing';
 * const authz = rbacAuthorizer(loadRbacManifests(readFileSync('deploy/rbac.yaml', 'utf8')));
 * await expectAllowed(authz, 'alice:dev', 'get', 'pods/log', { namespace: 'dev' });
 * await expectDenied(authz, 'system:serviceaccount:ci:deployer', 'delete', 'secrets', { namespace: 'prod' });
 * await expectAllowed(authz, 'bob', 'get', '/healthz');
 */
import { AssertionError } from 'node:assert';
import { type AuthorizationAttributes, type Authorizer, type Decision, Groups, type UserInfo, Users } from '@apiserver-kit/core';

export { loadRbacManifests, type LoadRbacManifestsOptions } from './manifests.js';

export interface RequestOptions {
  /** API group; default from `resource.group` in the resource, else "" (core). */
  group?: string;
  namespace?: string;
  name?: string;
  /** Subresource; or write `pods/log` as the resource. */
  subresource?: string;
  apiVersion?: string;
}

function withImpersonationGroups(name: string, groups: string[] | undefined, saNamespace?: string): UserInfo {
  let out = groups ?? (saNamespace !== undefined ? [Groups.serviceAccounts, `${Groups.serviceAccounts}:${saNamespace}`] : []);
  if (name === Users.anonymous) {
    if (!out.includes(Groups.allUnauthenticated)) out = [...out, Groups.allUnauthenticated];
  } else if (!out.includes(Groups.allAuthenticated) && !out.includes(Groups.allUnauthenticated)) {
    out = [...out, Groups.allAuthenticated];
  }
  return { name, groups: out };
}

/** A UserInfo from the kit's string form (see the module doc); a UserInfo is returned as is. */
export function parseUser(user: UserInfo | string): UserInfo {
  if (typeof user !== 'string') return user;
  const parts = user.split(':');
  let nameParts = 1;
  let saNamespace: string | undefined;
  if (parts[0] === 'system' && parts.length >= 2) {
    if (parts[1] === 'serviceaccount' && parts.length >= 4) {
      nameParts = 4;
      saNamespace = parts[2];
    } else if (parts[1] === 'node' && parts.length >= 3) nameParts = 3;
    else nameParts = 2;
  }
  const name = parts.slice(0, nameParts).join(':');
  const rest = parts.slice(nameParts).join(':');
  const groups = parts.length > nameParts ? rest.split(',').filter((g) => g !== '') : undefined;
  return withImpersonationGroups(name, groups, saNamespace);
}

/** The attributes of "can `user` `verb` `resource`?" */
export function attributesFor(user: UserInfo | string, verb: string, resource: string, opts: RequestOptions = {}): AuthorizationAttributes {
  const base = {
    user: parseUser(user),
    verb,
    namespace: opts.namespace ?? '',
    apiVersion: opts.apiVersion ?? '',
    name: opts.name ?? '',
  };
  if (resource.startsWith('/'))
    return { ...base, isResourceRequest: false, path: resource, apiGroup: '', resource: '', subresource: '' };
  const slash = resource.indexOf('/');
  let res = slash < 0 ? resource : resource.slice(0, slash);
  let subresource = slash < 0 ? '' : resource.slice(slash + 1);
  if (opts.subresource !== undefined) {
    if (subresource) throw new TypeError(`subresource given twice: ${JSON.stringify(resource)} and ${JSON.stringify(opts.subresource)}`);
    subresource = opts.subresource;
  }
  let group = opts.group;
  const dot = res.indexOf('.');
  if (group === undefined && dot >= 0) {
    group = res.slice(dot + 1);
    res = res.slice(0, dot);
  }
  return { ...base, isResourceRequest: true, path: '', apiGroup: group ?? '', resource: res, subresource };
}

/** What `authz` decides. */
export function decide(authz: Authorizer, user: UserInfo | string, verb: string, resource: string, opts: RequestOptions = {}): Promise<Decision> {
  return authz.authorize(attributesFor(user, verb, resource, opts));
}

function describe(a: AuthorizationAttributes): string {
  const who = `${JSON.stringify(a.user.name)} (groups ${JSON.stringify(a.user.groups)})`;
  if (!a.isResourceRequest) return `${who} to ${a.verb} path ${JSON.stringify(a.path)}`;
  const res = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const what = `${a.verb} ${a.apiGroup ? `${res}.${a.apiGroup}` : res}${a.name ? ` named ${JSON.stringify(a.name)}` : ''}`;
  return `${who} to ${what} ${a.namespace ? `in namespace ${JSON.stringify(a.namespace)}` : 'cluster-wide'}`;
}

async function expectDecision(allowed: boolean, authz: Authorizer, attrs: AuthorizationAttributes): Promise<Decision> {
  const d = await authz.authorize(attrs);
  if ((d.decision === 'Allow') !== allowed) {
    const reason = d.reason ? ` (${d.reason})` : '';
    throw new AssertionError({
      message: `expected ${describe(attrs)} to be ${allowed ? 'allowed' : 'denied'}, but the decision was ${d.decision}${reason}`,
      actual: d.decision,
      expected: allowed ? 'Allow' : 'Deny or NoOpinion',
      operator: allowed ? 'expectAllowed' : 'expectDenied',
    });
  }
  return d;
}

/** Throws an AssertionError unless `authz` allows; returns the decision (to check its reason). */
export function expectAllowed(authz: Authorizer, user: UserInfo | string, verb: string, resource: string, opts: RequestOptions = {}): Promise<Decision> {
  return expectDecision(true, authz, attributesFor(user, verb, resource, opts));
}

/** Throws an AssertionError if `authz` allows (Deny and NoOpinion both refuse a request). */
export function expectDenied(authz: Authorizer, user: UserInfo | string, verb: string, resource: string, opts: RequestOptions = {}): Promise<Decision> {
  return expectDecision(false, authz, attributesFor(user, verb, resource, opts));
}
