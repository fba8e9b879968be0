/**
 * User impersonation (`kubectl --as`): the Impersonate-User, -Group, -Uid and -Extra-* headers,
 * each part authorized with verb `impersonate` exactly as kube-apiserver's impersonation filter
 * does (users, groups and serviceaccounts in the core group; uids and userextras in
 * authentication.k8s.io).
 *
 * @example
 * const asUser = await impersonate(req, authorizer); // null without impersonation headers
 * if (asUser) req.user = asUser;
 */
import {
  type ApiRequest,
  type AuthorizationAttributes,
  type Authorizer,
  type UserInfo,
  Groups,
  Users,
  errors,
  forbiddenMessage,
  headerValues,
  serviceAccountUsernamePrefix,
} from '@apiserver-kit/core';

export const impersonateUserHeader = 'impersonate-user';
export const impersonateUidHeader = 'impersonate-uid';
export const impersonateGroupHeader = 'impersonate-group';
export const impersonateExtraPrefix = 'impersonate-extra-';

interface Request {
  kind: 'User' | 'ServiceAccount' | 'Group' | 'UID' | 'UserExtra';
  name: string;
  namespace?: string;
  extraKey?: string;
}

const apiGroupOf: Record<Request['kind'], string> = {
  User: '',
  ServiceAccount: '',
  Group: '',
  UID: 'authentication.k8s.io',
  UserExtra: 'authentication.k8s.io',
};
const resourceOf: Record<Request['kind'], string> = {
  User: 'users',
  ServiceAccount: 'serviceaccounts',
  Group: 'groups',
  UID: 'uids',
  UserExtra: 'userextras',
};

function describe(r: Request): string {
  const parts = [`Kind:${r.kind}`, `Name:${r.name}`];
  if (r.namespace) parts.push(`Namespace:${r.namespace}`);
  if (r.extraKey) parts.push(`FieldPath:${r.extraKey}`);
  return `{${parts.join(' ')}}`;
}

/** Extra keys travel percent-encoded in header names and are compared lower-case. */
function extraKey(headerName: string): string {
  const raw = headerName.slice(impersonateExtraPrefix.length).toLowerCase();
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function parseRequests(req: Pick<ApiRequest, 'headers'>): Request[] {
  const out: Request[] = [];
  const user = headerValues(req, impersonateUserHeader)[0];
  if (user) {
    if (user.startsWith(serviceAccountUsernamePrefix)) {
      const [namespace, name] = user.slice(serviceAccountUsernamePrefix.length).split(':');
      if (namespace && name) out.push({ kind: 'ServiceAccount', namespace, name });
      else out.push({ kind: 'User', name: user });
    } else out.push({ kind: 'User', name: user });
  }
  for (const g of headerValues(req, impersonateGroupHeader)) out.push({ kind: 'Group', name: g });
  for (const [name, value] of Object.entries(req.headers)) {
    if (!name.startsWith(impersonateExtraPrefix) || value === undefined) continue;
    const key = extraKey(name);
    for (const v of Array.isArray(value) ? value : [value]) out.push({ kind: 'UserExtra', name: v, extraKey: key });
  }
  const uid = headerValues(req, impersonateUidHeader)[0];
  if (uid) out.push({ kind: 'UID', name: uid });
  return out;
}

/** Whether the request carries any impersonation header. */
export function hasImpersonation(req: Pick<ApiRequest, 'headers'>): boolean {
  return Object.keys(req.headers).some((h) => h.startsWith('impersonate-'));
}

/** Remove the impersonation headers (after impersonation, no one downstream should act on them). */
export function stripImpersonationHeaders(req: Pick<ApiRequest, 'headers'>): void {
  for (const h of Object.keys(req.headers)) if (h.startsWith('impersonate-')) delete req.headers[h];
}

/**
 * The user a request impersonates, or null when it carries no impersonation headers. Throws
 * 400 for groups, extras or a uid without a user, and 403 when the requester may not
 * impersonate any part.
 */
export async function impersonate(req: ApiRequest, authorizer: Authorizer): Promise<UserInfo | null> {
  const requests = parseRequests(req);
  if (requests.length === 0) return null;
  const requester = req.user;
  if (!requester) throw errors.unauthorized();
  const userRequest = requests.find((r) => r.kind === 'User' || r.kind === 'ServiceAccount');
  if (!userRequest) {
    throw errors.badRequest(`requested [${requests.map(describe).join(' ')}] without impersonating a user`);
  }
  const groupsSpecified = requests.some((r) => r.kind === 'Group');
  let username = '';
  let uid: string | undefined;
  const groups: string[] = [];
  const extra: Record<string, string[]> = {};
  for (const r of requests) {
    const attrs: AuthorizationAttributes = {
      user: requester,
      verb: 'impersonate',
      isResourceRequest: true,
      path: '',
      namespace: r.namespace ?? '',
      apiGroup: apiGroupOf[r.kind],
      apiVersion: '',
      resource: resourceOf[r.kind],
      subresource: r.extraKey ?? '',
      name: r.name,
    };
    const d = await authorizer.authorize(attrs);
    if (d.decision !== 'Allow') {
      const reason = d.reason ? `: ${d.reason}` : '';
      throw errors.forbidden({ group: attrs.apiGroup, resource: attrs.resource }, r.name, `${forbiddenMessage(attrs)}${reason}`);
    }
    if (r.kind === 'User') username = r.name;
    else if (r.kind === 'ServiceAccount') {
      username = `${serviceAccountUsernamePrefix}${r.namespace}:${r.name}`;
      if (!groupsSpecified) groups.push(Groups.serviceAccounts, `${Groups.serviceAccounts}:${r.namespace}`);
    } else if (r.kind === 'Group') groups.push(r.name);
    else if (r.kind === 'UID') uid = r.name;
    else (extra[r.extraKey!] ??= []).push(r.name);
  }
  if (username === Users.anonymous) {
    if (!groups.includes(Groups.allUnauthenticated)) groups.push(Groups.allUnauthenticated);
  } else if (!groups.includes(Groups.allAuthenticated)) groups.push(Groups.allAuthenticated);
  stripImpersonationHeaders(req);
  const user: UserInfo = { name: username, groups };
  if (uid !== undefined) user.uid = uid;
  if (Object.keys(extra).length > 0) user.extra = extra;
  return user;
}
