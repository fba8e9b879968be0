/**
 * Builders for policy tests: a policy on apps/v1 deployments (CREATE, UPDATE), a binding that
 * denies, a Deployment, a namespace and a ConfigMap param. Defaults applied as the server does.
 */
import type { ApiObject } from '@apiserver-kit/core';
import { defaultBinding, defaultPolicy } from '../defaults.js';
import type {
  ValidatingAdmissionPolicy,
  ValidatingAdmissionPolicyBinding,
  ValidatingAdmissionPolicyBindingSpec,
  ValidatingAdmissionPolicySpec,
} from '../types.js';

const apiVersion = 'admissionregistration.k8s.io/v1';

export function policy(name: string, spec: ValidatingAdmissionPolicySpec = {}): ValidatingAdmissionPolicy {
  const p: ValidatingAdmissionPolicy = {
    apiVersion,
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name },
    spec: {
      matchConstraints: {
        resourceRules: [{ apiGroups: ['apps'], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['deployments'] }],
      },
      ...spec,
    },
  };
  defaultPolicy(p);
  return p;
}

export function binding(name: string, policyName: string, spec: ValidatingAdmissionPolicyBindingSpec = {}): ValidatingAdmissionPolicyBinding {
  const b: ValidatingAdmissionPolicyBinding = {
    apiVersion,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name },
    spec: { policyName, validationActions: ['Deny'], ...spec },
  };
  defaultBinding(b);
  return b;
}

export function deployment(replicas: number, extra: { namespace?: string; labels?: Record<string, string> } = {}): ApiObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: extra.namespace ?? 'default', ...(extra.labels ? { labels: extra.labels } : {}) },
    spec: { replicas, template: { spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1' }] } } },
  };
}

export function namespace(name: string, labels: Record<string, string> = {}): ApiObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

export function configMap(name: string, ns: string, data: Record<string, string>, labels: Record<string, string> = {}): ApiObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, labels }, data };
}
