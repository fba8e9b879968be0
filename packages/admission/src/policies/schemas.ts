/**
 * Strict zod schemas of ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding (v1).
 * Unknown fields are reported; every field may be omitted or null, as Go's JSON decoding
 * accepts, and validation then answers with kube's messages. Enumerations are checked by
 * validation, not here, so the messages are kube's.
 */
import { z } from 'zod';
import { kindSchema, opt } from '@apiserver-kit/core';
import { labelSelectorSchema, matchConditionSchema, ruleWithOperationsSchema } from '../webhooks/schemas.js';


const strings = opt(z.array(z.string()));



export const namedRuleWithOperationsSchema = z.strictObject({ ...ruleWithOperationsSchema.shape, resourceNames: strings });

export const matchResourcesSchema = z.strictObject({
  namespaceSelector: opt(labelSelectorSchema),
  objectSelector: opt(labelSelectorSchema),
  resourceRules: opt(z.array(namedRuleWithOperationsSchema)),
  excludeResourceRules: opt(z.array(namedRuleWithOperationsSchema)),
  matchPolicy: opt(z.string()),
});

const conditionSchema = z.strictObject({
  type: opt(z.string()),
  status: opt(z.string()),
  observedGeneration: opt(z.number().int()),
  lastTransitionTime: opt(z.string()),
  reason: opt(z.string()),
  message: opt(z.string()),
});

export const validatingAdmissionPolicySchema = kindSchema({
  spec: opt(
    z.strictObject({
      paramKind: opt(z.strictObject({ apiVersion: opt(z.string()), kind: opt(z.string()) })),
      matchConstraints: opt(matchResourcesSchema),
      validations: opt(
        z.array(
          z.strictObject({
            expression: opt(z.string()),
            message: opt(z.string()),
            reason: opt(z.string()),
            messageExpression: opt(z.string()),
          }),
        ),
      ),
      failurePolicy: opt(z.string()),
      auditAnnotations: opt(z.array(z.strictObject({ key: opt(z.string()), valueExpression: opt(z.string()) }))),
      matchConditions: opt(z.array(matchConditionSchema)),
      variables: opt(z.array(z.strictObject({ name: opt(z.string()), expression: opt(z.string()) }))),
    }),
  ),
  status: opt(
    z.strictObject({
      observedGeneration: opt(z.number().int()),
      typeChecking: opt(
        z.strictObject({
          expressionWarnings: opt(z.array(z.strictObject({ fieldRef: opt(z.string()), warning: opt(z.string()) }))),
        }),
      ),
      conditions: opt(z.array(conditionSchema)),
    }),
  ),
});

export const validatingAdmissionPolicyBindingSchema = kindSchema({
  spec: opt(
    z.strictObject({
      policyName: opt(z.string()),
      paramRef: opt(
        z.strictObject({
          name: opt(z.string()),
          namespace: opt(z.string()),
          selector: opt(labelSelectorSchema),
          parameterNotFoundAction: opt(z.string()),
        }),
      ),
      matchResources: opt(matchResourcesSchema),
      validationActions: strings,
    }),
  ),
});
