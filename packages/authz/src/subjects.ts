/**
 * Binding subjects and users (pkg/registry/rbac/validation appliesToUser): a User subject
 * names the user, a Group subject one of the user's groups, a ServiceAccount subject the user
 * `system:serviceaccount:<namespace>:<name>`, its namespace defaulting to the binding's (so a
 * ClusterRoleBinding's ServiceAccount subject without a namespace applies to nobody). Names
 * match exactly: a User named `*` is not everybody. apiGroup is not consulted.
 *
 * Subject keys index bindings by who they can name, so an authorizer looks only at bindings
 * that may apply: `subjectKeysOf(user)` contains `subjectKey(subject, ns)` exactly when the
 * subject applies to the user.
 *
 * @example
 * appliesTo({ name: 'system:serviceaccount:dev:ci', groups: [] }, { kind: 'ServiceAccount', name: 'ci' }, 'dev'); // true
 * subjectKeysOf({ name: 'alice', groups: ['devs'] }); // ['User:alice', 'Group:devs']
 * subjectKey({ kind: 'Group', name: 'devs' }, 'dev');  // 'Group:devs'
 */
import { type UserInfo, serviceAccountUsernamePrefix } from '@apiserver-kit/core';
import { goQuote } from './go-format.js';
import type { Subject } from './rbac-types.js';

/** The namespace a ServiceAccount subject refers to: its own, else the binding's. */
function serviceAccountNamespace(subject: Subject, bindingNamespace: string): string {
  return subject.namespace ? subject.namespace : bindingNamespace;
}

/** Whether `subject`, in a binding of `bindingNamespace` ("" for a ClusterRoleBinding), names `user`. */
export function appliesTo(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount': {
      const ns = serviceAccountNamespace(subject, bindingNamespace);
      if (!ns) return false;
      return user.name === `${serviceAccountUsernamePrefix}${ns}:${subject.name}`;
    }
    default:
      return false;
  }
}

/** The index of the first subject that names `user`, or -1 (kube's appliesTo). */
export function firstApplyingSubject(
  user: UserInfo,
  subjects: readonly Subject[] | null | undefined,
  bindingNamespace: string,
): number {
  if (!subjects) return -1;
  for (let i = 0; i < subjects.length; i++) if (appliesTo(user, subjects[i]!, bindingNamespace)) return i;
  return -1;
}

/** The keys of every subject that can name `user`. */
export function subjectKeysOf(user: UserInfo): string[] {
  const keys = [`User:${user.name}`];
  for (const g of user.groups) keys.push(`Group:${g}`);
  if (user.name.startsWith(serviceAccountUsernamePrefix))
    keys.push(`ServiceAccount:${user.name.slice(serviceAccountUsernamePrefix.length)}`);
  return keys;
}

/** The index key of a binding subject, or undefined when it can name nobody. */
export function subjectKey(subject: Subject, bindingNamespace: string): string | undefined {
  switch (subject.kind) {
    case 'User':
      return `User:${subject.name}`;
    case 'Group':
      return `Group:${subject.name}`;
    case 'ServiceAccount': {
      const ns = serviceAccountNamespace(subject, bindingNamespace);
      return ns ? `ServiceAccount:${ns}:${subject.name}` : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * A subject as kube's RBAC reasons print it: `User "alice"`, `Group "devs"`, and for service
 * accounts `ServiceAccount "<name>/<namespace>"` (name first, as kube writes it).
 */
export function describeSubject(subject: Subject, bindingNamespace: string): string {
  if (subject.kind === 'ServiceAccount')
    return `${subject.kind} ${goQuote(`${subject.name}/${serviceAccountNamespace(subject, bindingNamespace)}`)}`;
  return `${subject.kind} ${goQuote(subject.name)}`;
}
