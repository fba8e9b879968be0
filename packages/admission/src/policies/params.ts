/**
 * The params one binding evaluates its policy with (kube's CollectParams): none needed — one
 * evaluation with `params` null — when the policy has no paramKind or the binding no paramRef;
 * otherwise the object named by paramRef.name, or every object paramRef.selector matches, in
 * paramRef.namespace or else the request's namespace (for a namespaced paramKind). One
 * evaluation per param; none found means no evaluation, unless parameterNotFoundAction is Deny,
 * which is a configuration error. Configuration errors throw PolicyConfigError with kube's text.
 *
 * @example
 * await collectParams(policy, binding, 'default', source); // [configMap] | [null] | []
 */
import { type ApiObject, labelSelectorFromMetaV1 } from '@apiserver-kit/core';
import { gvkString } from '../webhooks/go-format.js';
import type { PolicySource } from './source.js';
import type { ParamKind, ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from './types.js';

/** A policy or binding that cannot be applied; handled by the policy's failurePolicy. */
export class PolicyConfigError extends Error {}

/** The policy-level error of a paramKind the server does not serve. */
export function unknownParamKindMessage(kind: Required<ParamKind>): string {
  return `failed to find resource referenced by paramKind: '${gvkString(kind.apiVersion, kind.kind)}'`;
}

export async function collectParams(
  policy: ValidatingAdmissionPolicy,
  binding: ValidatingAdmissionPolicyBinding,
  requestNamespace: string,
  source: PolicySource,
): Promise<Array<ApiObject | null>> {
  const pk = policy.spec.paramKind;
  const ref = binding.spec.paramRef;
  if (!pk || !ref) return [null];
  const kind = { apiVersion: pk.apiVersion ?? '', kind: pk.kind ?? '' };
  const scope = await source.paramScope(kind);
  if (scope === undefined) throw new PolicyConfigError(unknownParamKindMessage(kind));
  let namespace = '';
  if (scope === 'Namespaced') {
    namespace = ref.namespace || requestNamespace;
    if (!namespace) throw new PolicyConfigError('cannot use namespaced paramRef in policy binding that matches cluster-scoped resources');
  } else if (ref.namespace) {
    throw new PolicyConfigError('paramRef.namespace must not be provided for a cluster-scoped `paramKind`');
  }
  let params: ApiObject[];
  if (ref.name) {
    if (ref.selector) throw new PolicyConfigError('paramRef.name and paramRef.selector are mutually exclusive');
    const p = await source.getParam(kind, namespace, ref.name);
    params = p ? [p] : [];
  } else if (ref.selector) {
    let selector;
    try {
      selector = labelSelectorFromMetaV1(ref.selector);
    } catch (err) {
      throw new PolicyConfigError(err instanceof Error ? err.message : String(err));
    }
    params = [...(await source.listParams(kind, namespace, selector))];
  } else {
    throw new PolicyConfigError('one of name or selector must be provided');
  }
  if (params.length === 0 && ref.parameterNotFoundAction === 'Deny') {
    throw new PolicyConfigError('no params found for policy binding with `Deny` parameterNotFoundAction');
  }
  // kube gives params their type meta when the store's objects lack it
  return params.map((p) => (p.apiVersion && p.kind ? p : { ...p, apiVersion: kind.apiVersion, kind: kind.kind }));
}
