/**
 * The claims of a bound service account token (kubernetes/pkg/serviceaccount/claims.go) and the
 * user a token stands for (k8s.io/apiserver/pkg/authentication/serviceaccount).
 */
import { Groups, type UserInfo, serviceAccountUsernamePrefix } from '@apiserver-kit/core';

/** A reference to a named object and its uid, as the `kubernetes.io` claim holds them. */
export interface ServiceAccountObjectRef {
  name: string;
  uid: string;
}

/** The private `kubernetes.io` claim, field names exactly as kube writes them. */
export interface KubernetesClaim {
  namespace: string;
  serviceaccount: ServiceAccountObjectRef;
  pod?: ServiceAccountObjectRef;
  secret?: ServiceAccountObjectRef;
  node?: ServiceAccountObjectRef;
  /** NumericDate after which a stale-token warning is due. */
  warnafter?: number;
}

export const ServiceAccountExtraKeys = {
  podName: 'authentication.kubernetes.io/pod-name',
  podUID: 'authentication.kubernetes.io/pod-uid',
  nodeName: 'authentication.kubernetes.io/node-name',
  nodeUID: 'authentication.kubernetes.io/node-uid',
  credentialID: 'authentication.kubernetes.io/credential-id',
} as const;

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${serviceAccountUsernamePrefix}${namespace}:${name}`;
}

export function serviceAccountGroups(namespace: string): string[] {
  return [Groups.serviceAccounts, `${Groups.serviceAccounts}:${namespace}`];
}

/** What a validated token says about its caller. */
export interface ServiceAccountInfo {
  namespace: string;
  name: string;
  uid: string;
  podName?: string;
  podUID?: string;
  nodeName?: string;
  nodeUID?: string;
  /** The token's jti, reported as the credential id `JTI=<jti>`. */
  jti?: string;
}

/** kube's ServiceAccountInfo.UserInfo(): name, uid, the two service account groups and extra. */
export function serviceAccountUser(sa: ServiceAccountInfo): UserInfo {
  const extra: Record<string, string[]> = {};
  if (sa.podName && sa.podUID) {
    extra[ServiceAccountExtraKeys.podName] = [sa.podName];
    extra[ServiceAccountExtraKeys.podUID] = [sa.podUID];
  }
  if (sa.jti) extra[ServiceAccountExtraKeys.credentialID] = [`JTI=${sa.jti}`];
  if (sa.nodeName) {
    extra[ServiceAccountExtraKeys.nodeName] = [sa.nodeName];
    if (sa.nodeUID) extra[ServiceAccountExtraKeys.nodeUID] = [sa.nodeUID];
  }
  const user: UserInfo = {
    name: serviceAccountUsername(sa.namespace, sa.name),
    uid: sa.uid,
    groups: serviceAccountGroups(sa.namespace),
  };
  if (Object.keys(extra).length > 0) user.extra = extra;
  return user;
}

function isRef(v: unknown): v is ServiceAccountObjectRef {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.name === 'string' && r.name !== '' && (r.uid === undefined || typeof r.uid === 'string');
}

/** The `kubernetes.io` claim of a verified payload, or null when it is missing or malformed. */
export function parseKubernetesClaim(payload: Record<string, unknown>): KubernetesClaim | null {
  const k = payload['kubernetes.io'];
  if (typeof k !== 'object' || k === null) return null;
  const c = k as Record<string, unknown>;
  if (typeof c.namespace !== 'string' || c.namespace === '' || !isRef(c.serviceaccount)) return null;
  const out: KubernetesClaim = { namespace: c.namespace, serviceaccount: { name: c.serviceaccount.name, uid: c.serviceaccount.uid ?? '' } };
  for (const key of ['pod', 'secret', 'node'] as const) {
    const ref = c[key];
    if (ref === undefined || ref === null) continue;
    if (!isRef(ref)) return null;
    out[key] = { name: ref.name, uid: ref.uid ?? '' };
  }
  if (typeof c.warnafter === 'number') out.warnafter = c.warnafter;
  return out;
}
