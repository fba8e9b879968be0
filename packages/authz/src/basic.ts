/**
 * kube-apiserver's built-in authorizers (apiserver/pkg/authorization/authorizerfactory) and the
 * union combinator:
 *
 * - `alwaysAllow()` — `--authorization-mode=AlwaysAllow`: Allow, no reason.
 * - `alwaysDeny()` — `AlwaysDeny`: NoOpinion with "Everything is forbidden." (it leaves the
 *   final word to the authorizers after it, and the request is refused when none allows).
 * - `privilegedGroups(...groups)` — Allow for members of any of the groups (kube-apiserver
 *   puts `system:masters` first this way), NoOpinion for everyone else.
 * - `union(...authorizers)` — the first Allow or Deny wins (core's unionAuthorizers).
 *
 * They carry no `name`, so a union passes their reasons on unprefixed, as kube does.
 *
 * @example
 * const authz = union(privilegedGroups(Groups.systemPrivileged), rbacAuthorizer(source));
 */
import { type Authorizer, allow, noOpinion, unionAuthorizers } from '@apiserver-kit/core';

export function alwaysAllow(): Authorizer {
  return { authorize: async () => allow() };
}

export function alwaysDeny(): Authorizer {
  return { authorize: async () => noOpinion('Everything is forbidden.') };
}

export function privilegedGroups(...groups: string[]): Authorizer {
  const set = new Set(groups);
  return { authorize: async (attrs) => (attrs.user.groups.some((g) => set.has(g)) ? allow() : noOpinion()) };
}

/** Stops at the first Allow or Deny; a one-element union is its element. */
export const union = unionAuthorizers;
