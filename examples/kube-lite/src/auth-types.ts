/** Types kube-lite's authentication wiring needs, gathered in one place. */
export type { Authenticator, CreateSubresource, VirtualResource, ApiObject } from '@apiserver-kit/core';

/** The part of the server's registry the service-account lookup reads. */
export interface ResourceRegistryLike {
  store(group: string, resource: string): { get(namespace: string, name: string): Promise<{ metadata: { uid?: string; deletionTimestamp?: string | null } }> } | undefined;
}
