/**
 * The admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy and
 * ValidatingAdmissionPolicyBinding types, field for field with kube's JSON
 * (k8s.io/api/admissionregistration/v1). Schemas, defaults and validation live beside.
 */
import type { ApiObject, MetaV1LabelSelector } from '@apiserver-kit/core';
import type { FailurePolicyType, MatchCondition, MatchPolicyType, RuleWithOperations } from '../webhooks/types.js';

export type { FailurePolicyType, MatchCondition, MatchPolicyType, RuleWithOperations };

export interface NamedRuleWithOperations extends RuleWithOperations {
  /** Only these object names (empty: all). */
  resourceNames?: string[];
}

export interface MatchResources {
  /** Defaults to `{}` (everything). */
  namespaceSelector?: MetaV1LabelSelector;
  /** Defaults to `{}` (everything). */
  objectSelector?: MetaV1LabelSelector;
  resourceRules?: NamedRuleWithOperations[];
  excludeResourceRules?: NamedRuleWithOperations[];
  /** Defaults to Equivalent. */
  matchPolicy?: MatchPolicyType;
}

export interface ParamKind {
  /** `group/version`, or `v1` for the core group. */
  apiVersion?: string;
  kind?: string;
}

export type ParameterNotFoundActionType = 'Allow' | 'Deny';

export interface ParamRef {
  name?: string;
  namespace?: string;
  selector?: MetaV1LabelSelector;
  parameterNotFoundAction?: ParameterNotFoundActionType;
}

export type ValidationReason = 'Forbidden' | 'Invalid' | 'RequestEntityTooLarge';

export interface Validation {
  expression: string;
  message?: string;
  /** Defaults to Invalid (HTTP 422). */
  reason?: ValidationReason;
  messageExpression?: string;
}

export interface AuditAnnotation {
  key: string;
  valueExpression: string;
}

export interface Variable {
  name: string;
  expression: string;
}

export interface ValidatingAdmissionPolicySpec {
  paramKind?: ParamKind;
  matchConstraints?: MatchResources;
  validations?: Validation[];
  /** Defaults to Fail. */
  failurePolicy?: FailurePolicyType;
  auditAnnotations?: AuditAnnotation[];
  matchConditions?: MatchCondition[];
  variables?: Variable[];
}

export interface ValidatingAdmissionPolicyStatus {
  observedGeneration?: number;
  typeChecking?: { expressionWarnings?: Array<{ fieldRef: string; warning: string }> };
  conditions?: Array<Record<string, unknown>>;
}

export interface ValidatingAdmissionPolicy extends ApiObject {
  spec: ValidatingAdmissionPolicySpec;
  status?: ValidatingAdmissionPolicyStatus;
}

export type ValidationAction = 'Deny' | 'Warn' | 'Audit';

export interface ValidatingAdmissionPolicyBindingSpec {
  policyName?: string;
  paramRef?: ParamRef;
  matchResources?: MatchResources;
  validationActions?: ValidationAction[];
}

export interface ValidatingAdmissionPolicyBinding extends ApiObject {
  spec: ValidatingAdmissionPolicyBindingSpec;
}
