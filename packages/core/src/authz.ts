/**
 * Authorization: an `Authorizer` answers Allow, Deny or NoOpinion, with a reason, for the
 * attributes of a request.
 *
 * @example
 * const readOnly = authorizerFn(async (a) =>
 *   ['get', 'list', 'watch'].includes(a.verb) ? allow('read-only') : noOpinion());
 * const authz = unionAuthorizers(readOnly, rbac);
 */
import type { ApiRequest } from './request.js';
import type { UserInfo } from './user.js';

export interface AuthorizationAttributes {
  user: UserInfo;
  verb: string;
  isResourceRequest: boolean;
  /** For non-resource requests. */
  path: string;
  namespace: string;
  apiGroup: string;
  apiVersion: string;
  resource: string;
  subresource: string;
  name: string;
  fieldSelector?: string;
  labelSelector?: string;
}

export type DecisionKind = 'Allow' | 'Deny' | 'NoOpinion';

export interface Decision {
  decision: DecisionKind;
  reason: string;
}

export const allow = (reason = ''): Decision => ({ decision: 'Allow', reason });
export const deny = (reason = ''): Decision => ({ decision: 'Deny', reason });
export const noOpinion = (reason = ''): Decision => ({ decision: 'NoOpinion', reason });

export interface Authorizer {
  readonly name?: string;
  authorize(attrs: AuthorizationAttributes): Promise<Decision>;
}

export function authorizerFn(fn: (attrs: AuthorizationAttributes) => Promise<Decision>, name?: string): Authorizer {
  return name === undefined ? { authorize: fn } : { name, authorize: fn };
}

/** Stops at the first Allow or Deny; joins the reasons of those that had no opinion as `name: reason`. */
export function unionAuthorizers(...authorizers: Authorizer[]): Authorizer {
  if (authorizers.length === 1) return authorizers[0]!;
  return {
    name: 'union',
    async authorize(attrs) {
      const reasons: string[] = [];
      for (const a of authorizers) {
        const d = await a.authorize(attrs);
        if (d.decision !== 'NoOpinion') return d;
        if (d.reason) reasons.push(a.name ? `${a.name}: ${d.reason}` : d.reason);
      }
      return noOpinion(reasons.join(', '));
    },
  };
}

/** The attributes of a request, read from its RequestInfo and user. */
export function attributesOf(req: Pick<ApiRequest, 'info' | 'user'>): AuthorizationAttributes {
  const i = req.info;
  return {
    user: req.user ?? { name: '', groups: [] },
    verb: i.verb,
    isResourceRequest: i.isResourceRequest,
    path: i.path,
    namespace: i.namespace,
    apiGroup: i.apiGroup,
    apiVersion: i.apiVersion,
    resource: i.resource,
    subresource: i.subresource,
    name: i.name,
    fieldSelector: i.fieldSelector,
    labelSelector: i.labelSelector,
  };
}

/** kube-apiserver's wording of a denial (endpoints/handlers/responsewriters.forbiddenMessage). */
export function forbiddenMessage(attrs: AuthorizationAttributes): string {
  const user = attrs.user.name;
  if (!attrs.isResourceRequest) return `User ${JSON.stringify(user)} cannot ${attrs.verb} path ${JSON.stringify(attrs.path)}`;
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource;
  const head = `User ${JSON.stringify(user)} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.apiGroup)}`;
  return attrs.namespace ? `${head} in the namespace ${JSON.stringify(attrs.namespace)}` : `${head} at the cluster scope`;
}
