/**
 * Strict zod schemas of the v1 webhook configurations. Unknown fields are reported (the server
 * drops or rejects them per fieldValidation); every field may be omitted or null, as Go's JSON
 * decoding accepts, and validation then answers with kube's messages. Enumerations are checked
 * by validation, not here, so the messages are kube's.
 */
import { z } from 'zod';
import { kindSchema, opt } from '@apiserver-kit/core';


const strings = opt(z.array(z.string()));


export const labelSelectorSchema = z.strictObject({
  matchLabels: opt(z.record(z.string(), z.string())),
  matchExpressions: opt(z.array(z.strictObject({ key: opt(z.string()), operator: opt(z.string()), values: strings }))),
});

export const ruleWithOperationsSchema = z.strictObject({
  operations: strings,
  apiGroups: strings,
  apiVersions: strings,
  resources: strings,
  scope: opt(z.string()),
});

export const serviceReferenceSchema = z.strictObject({
  namespace: opt(z.string()),
  name: opt(z.string()),
  path: opt(z.string()),
  port: opt(z.number().int()),
});

export const webhookClientConfigSchema = z.strictObject({
  url: opt(z.string()),
  service: opt(serviceReferenceSchema),
  caBundle: opt(z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'illegal base64 data')),
});

export const matchConditionSchema = z.strictObject({ name: opt(z.string()), expression: opt(z.string()) });

const webhookFields = {
  name: opt(z.string()),
  clientConfig: opt(webhookClientConfigSchema),
  rules: opt(z.array(ruleWithOperationsSchema)),
  failurePolicy: opt(z.string()),
  matchPolicy: opt(z.string()),
  namespaceSelector: opt(labelSelectorSchema),
  objectSelector: opt(labelSelectorSchema),
  sideEffects: opt(z.string()),
  timeoutSeconds: opt(z.number().int()),
  admissionReviewVersions: strings,
  matchConditions: opt(z.array(matchConditionSchema)),
};

export const validatingWebhookSchema = z.strictObject(webhookFields);
export const mutatingWebhookSchema = z.strictObject({ ...webhookFields, reinvocationPolicy: opt(z.string()) });


export const validatingWebhookConfigurationSchema = kindSchema({ webhooks: opt(z.array(validatingWebhookSchema)) });
export const mutatingWebhookConfigurationSchema = kindSchema({ webhooks: opt(z.array(mutatingWebhookSchema)) });
