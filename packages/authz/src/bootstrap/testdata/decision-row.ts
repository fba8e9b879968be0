/**
 * One row of the RBAC decision table: a request's authorization attributes (as kube's
 * RequestInfo would produce them) and whether kube's RBAC would allow it, with why.
 *
 * `user` is `name|group1,group2` ('|' because user and group names contain ':').
 * A row with `path` is a non-resource request (resource, group and namespace are '').
 * For `GET /api/v1/namespaces/x` kube's RequestInfo sets namespace = x, and the rows do too.
 */
import type { AuthorizationAttributes, UserInfo } from '@apiserver-kit/core';

export interface DecisionRow {
  user: string;
  verb: string;
  resource: string;
  group: string;
  namespace: string;
  name?: string;
  subresource?: string;
  path?: string;
  allowed: boolean;
  why: string;
}

/** The UserInfo of a row's `user` (`name|group1,group2`). */
export function parseRowUser(user: string): UserInfo {
  const bar = user.indexOf('|');
  const name = bar < 0 ? user : user.slice(0, bar);
  const groups = bar < 0 ? [] : user.slice(bar + 1).split(',').filter(Boolean);
  return { name, groups };
}

/** The authorization attributes of a row, as the server would hand them to the authorizer. */
export function rowAttributes(row: DecisionRow): AuthorizationAttributes {
  const resourceRequest = row.path === undefined;
  return {
    user: parseRowUser(row.user),
    verb: row.verb,
    isResourceRequest: resourceRequest,
    path: row.path ?? '',
    namespace: row.namespace,
    apiGroup: row.group,
    apiVersion: resourceRequest ? 'v1' : '', // RBAC never looks at the version
    resource: row.resource,
    subresource: row.subresource ?? '',
    name: row.name ?? '',
  };
}

const sa = (ns: string, name: string) =>
  `system:serviceaccount:${ns}:${name}|system:serviceaccounts,system:serviceaccounts:${ns},system:authenticated`;
const person = (name: string, ...groups: string[]) => `${name}|${[...groups, 'system:authenticated'].join(',')}`;

/** The people and service accounts of the manifests in ./manifests. */
export const U = {
  admin: person('kube-admin', 'system:masters'),
  anonymous: 'system:anonymous|system:unauthenticated',
  erin: person('erin'),
  dave: person('dave'),
  carol: person('carol', 'team-a-devs'),
  bob: person('bob'),
  audrey: person('audrey', 'auditors'),
  deployer: sa('ci', 'deployer'),
  runner: sa('ci', 'runner'),
  prometheus: sa('monitoring', 'prometheus'),
  olga: person('olga', 'oncall'),
  autoscaler: sa('kube-system', 'autoscaler'),
  oscar: person('oscar', 'observers'),
  devon: person('devon', 'developers'),
  ingress: sa('prod', 'ingress'),
  stagingIngress: sa('staging', 'ingress'),
  helpdesk: person('helpdesk'),
  lena: person('lena'),
  controller: sa('kube-system', 'my-controller'),
  dan: person('dan', 'data-eng'),
  probe: person('probe'),
  webhook: sa('webhooks', 'authz-webhook'),
  builder: sa('team-a', 'builder'),
  eve: person('eve'),
} as const;

/**
 * A resource row. `resource` may carry the subresource (`pods/log`); `name` is the object's
 * name when the request names one (get, update, patch, delete, a subresource...).
 */
export function res(
  user: string,
  verb: string,
  group: string,
  resource: string,
  namespace: string,
  allowed: boolean,
  why: string,
  name?: string,
): DecisionRow {
  const [top, sub] = resource.split('/') as [string, string | undefined];
  const row: DecisionRow = { user, verb, resource: top, group, namespace, allowed, why };
  if (name !== undefined) row.name = name;
  if (sub !== undefined) row.subresource = sub;
  return row;
}

/** A non-resource row; `verb` is the lowercased HTTP method, as kube's RequestInfo has it. */
export function url(user: string, verb: string, path: string, allowed: boolean, why: string): DecisionRow {
  return { user, verb, resource: '', group: '', namespace: '', path, allowed, why };
}
