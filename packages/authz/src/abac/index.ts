/**
 * ABAC: kube-apiserver's `--authorization-mode=ABAC` with its `--authorization-policy-file`
 * (one JSON Policy per line, the v1beta1 or the legacy unversioned form).
 *
 * @example
 * // abac.jsonl
 * // {"apiVersion": "abac.authorization.kubernetes.io/v1beta1", "kind": "Policy", "spec": {"user": "alice", "namespace": "*", "resource": "*", "apiGroup": "*", "readonly": true}}
 * const abac = abacAuthorizer(await loadAbacPolicyFile('abac.jsonl'));
 * await abac.authorize(attrs); // { decision: 'Allow', reason: '' } or { decision: 'NoOpinion', reason: 'No policy matched.' }
 */
export {
  type AbacPolicy,
  type AbacPolicySpec,
  AbacPolicyError,
  abacApiVersion,
  abacPolicyFromObject,
  loadAbacPolicyFile,
  normalizeAbacSpec,
  parseAbacPolicyFile,
} from './policy.js';
export { type AbacAuthorizer, abacAuthorizer, abacPolicyMatches } from './authorizer.js';
