/**
 * The admissionregistration.k8s.io/v1 webhook configuration types, field for field with kube's
 * JSON (k8s.io/api/admissionregistration/v1). Schemas, defaults and validation live beside.
 */
import type { MetaV1LabelSelector, ObjectMeta } from '@apiserver-kit/core';

export const admissionRegistrationGroup = 'admissionregistration.k8s.io';

export type OperationType = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT' | '*';
export type ScopeType = 'Cluster' | 'Namespaced' | '*';
export type FailurePolicyType = 'Ignore' | 'Fail';
export type MatchPolicyType = 'Exact' | 'Equivalent';
export type SideEffectClass = 'Unknown' | 'None' | 'Some' | 'NoneOnDryRun';
export type ReinvocationPolicyType = 'Never' | 'IfNeeded';

export interface RuleWithOperations {
  operations?: OperationType[];
  apiGroups?: string[];
  apiVersions?: string[];
  /** e.g. `pods`, `pods/status`, `*` (every resource, no subresources); a `*` resource or subresource part is a wildcard. */
  resources?: string[];
  /** Defaults to `*`. */
  scope?: ScopeType;
}

export interface ServiceReference {
  namespace: string;
  name: string;
  path?: string;
  /** Defaults to 443. */
  port?: number;
}

export interface WebhookClientConfig {
  /** `https://host[:port][/path]`; exactly one of url and service. */
  url?: string;
  service?: ServiceReference;
  /** Base64 of the PEM bundle that signs the webhook's serving certificate; system roots if absent. */
  caBundle?: string;
}

export interface MatchCondition {
  name: string;
  expression: string;
}

/** The fields validating and mutating webhooks share. */
export interface WebhookBase {
  /** Fully qualified, e.g. `policy.example.com`. */
  name: string;
  clientConfig: WebhookClientConfig;
  rules?: RuleWithOperations[];
  failurePolicy?: FailurePolicyType;
  matchPolicy?: MatchPolicyType;
  namespaceSelector?: MetaV1LabelSelector;
  objectSelector?: MetaV1LabelSelector;
  sideEffects?: SideEffectClass;
  timeoutSeconds?: number;
  admissionReviewVersions?: string[];
  matchConditions?: MatchCondition[];
}

export type ValidatingWebhook = WebhookBase;

export interface MutatingWebhook extends WebhookBase {
  reinvocationPolicy?: ReinvocationPolicyType;
}

export interface ValidatingWebhookConfiguration {
  apiVersion?: string;
  kind?: 'ValidatingWebhookConfiguration';
  metadata: ObjectMeta;
  webhooks?: ValidatingWebhook[] | null;
}

export interface MutatingWebhookConfiguration {
  apiVersion?: string;
  kind?: 'MutatingWebhookConfiguration';
  metadata: ObjectMeta;
  webhooks?: MutatingWebhook[] | null;
}
