/** Test helper: authorization attributes the way kube's abac_test.go builds AttributesRecords. */
import type { AuthorizationAttributes, UserInfo } from '@apiserver-kit/core';

export interface Case {
  user: UserInfo;
  verb?: string;
  resource?: string;
  ns?: string;
  apiGroup?: string;
  path?: string;
  /** Default: a resource request when a namespace or resource is set (as kube's tests decide). */
  resourceRequest?: boolean;
}

export function attrs(c: Case): AuthorizationAttributes {
  return {
    user: c.user,
    verb: c.verb ?? '',
    isResourceRequest: c.resourceRequest ?? Boolean(c.ns || c.resource),
    path: c.path ?? '',
    namespace: c.ns ?? '',
    apiGroup: c.apiGroup ?? '',
    apiVersion: '',
    resource: c.resource ?? '',
    subresource: '',
    name: '',
  };
}

export const authed = (name: string, ...groups: string[]): UserInfo => ({ name, groups: [...groups, 'system:authenticated'] });
export const anonymous: UserInfo = { name: 'system:anonymous', groups: ['system:unauthenticated'] };
