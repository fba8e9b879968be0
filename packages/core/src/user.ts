/**
 * Who made a request, as authenticators report it and authorizers read it.
 */
export interface UserInfo {
  name: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** Well-known user names (k8s.io/apiserver/pkg/authentication/user). */
export const Users = {
  anonymous: 'system:anonymous',
  apiserver: 'system:apiserver',
  kubeProxy: 'system:kube-proxy',
  kubeControllerManager: 'system:kube-controller-manager',
  kubeScheduler: 'system:kube-scheduler',
} as const;

/** Well-known group names. */
export const Groups = {
  systemPrivileged: 'system:masters',
  nodes: 'system:nodes',
  monitoring: 'system:monitoring',
  allUnauthenticated: 'system:unauthenticated',
  allAuthenticated: 'system:authenticated',
  serviceAccounts: 'system:serviceaccounts',
} as const;

export const serviceAccountUsernamePrefix = 'system:serviceaccount:';
