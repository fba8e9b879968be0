/**
 * kube-lite's authorizer until RBAC lands: authenticated users may do everything; anonymous
 * requests may only read what kube's bootstrap role system:public-info-viewer grants
 * (/healthz, /livez, /readyz, /version and their subpaths). Everything else is denied with
 * kube-apiserver's forbidden message.
 */
import { type Authorizer, Groups, allow, authorizerFn, noOpinion } from '@apiserver-kit/core';

const publicInfo = ['/healthz', '/livez', '/readyz', '/version'];

function isPublicInfo(path: string): boolean {
  return publicInfo.some((p) => path === p || path.startsWith(`${p}/`));
}

export function authenticatedOnlyAuthorizer(): Authorizer {
  return authorizerFn(async (a) => {
    if (a.user.groups.includes(Groups.allAuthenticated)) return allow();
    if (!a.isResourceRequest && a.verb === 'get' && isPublicInfo(a.path)) return allow();
    return noOpinion();
  }, 'kube-lite');
}
