/**
 * Test helper: admission attributes for a ConfigMap write, webhook configurations pointing at
 * a test server, and a namespace lookup over a fixed set of namespaces.
 */
import type { AdmissionAttributes, ApiObject } from '@apiserver-kit/core';
import type { MutatingWebhook, MutatingWebhookConfiguration, ValidatingWebhook, ValidatingWebhookConfiguration } from '../types.js';

export function configMap(name = 'cfg', namespace = 'dev', labels: Record<string, string> = {}): ApiObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data: { a: '1' } };
}

export function attrsFor(obj: ApiObject | undefined, overrides: Partial<AdmissionAttributes> = {}): AdmissionAttributes {
  return {
    operation: 'CREATE',
    kind: { group: '', version: 'v1', kind: 'ConfigMap' },
    resource: { group: '', version: 'v1', resource: 'configmaps' },
    subresource: '',
    name: obj?.metadata.name ?? 'cfg',
    namespace: obj?.metadata.namespace ?? 'dev',
    ...(obj ? { object: obj } : {}),
    dryRun: false,
    user: { name: 'jane', uid: '42', groups: ['dev', 'system:authenticated'], extra: { scopes: ['a'] } },
    warnings: [],
    ...overrides,
  };
}

export function validatingHook(name: string, url: string, caBundle: string, extra: Partial<ValidatingWebhook> = {}): ValidatingWebhook {
  return {
    name,
    clientConfig: { url, caBundle },
    rules: [{ operations: ['*'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }],
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    ...extra,
  };
}

export function mutatingHook(name: string, url: string, caBundle: string, extra: Partial<MutatingWebhook> = {}): MutatingWebhook {
  return validatingHook(name, url, caBundle, extra);
}

export function validatingConfig(name: string, webhooks: ValidatingWebhook[]): ValidatingWebhookConfiguration {
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name }, webhooks };
}

export function mutatingConfig(name: string, webhooks: MutatingWebhook[]): MutatingWebhookConfiguration {
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name }, webhooks };
}

export const namespaces = new Map<string, ApiObject>([
  ['dev', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dev', labels: { env: 'dev', 'kubernetes.io/metadata.name': 'dev' } } }],
  ['prod', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod', labels: { env: 'prod', 'kubernetes.io/metadata.name': 'prod' } } }],
]);

export const namespaceLookup = (name: string) => namespaces.get(name);
