import { describe, expect, it } from 'vitest';
import { definitionName, groupCamel, isKubernetesGroup, operationGroup, operationTag } from './names.js';

describe('definitionName', () => {
  it.each([
    ['', 'v1', 'ConfigMap', 'io.k8s.api.core.v1.ConfigMap'],
    ['coordination.k8s.io', 'v1', 'Lease', 'io.k8s.api.coordination.v1.Lease'],
    ['apps', 'v1', 'Deployment', 'io.k8s.api.apps.v1.Deployment'],
    ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'io.k8s.api.rbac.v1.ClusterRole'],
    ['flowcontrol.apiserver.k8s.io', 'v1', 'FlowSchema', 'io.k8s.api.flowcontrol.v1.FlowSchema'],
    ['admissionregistration.k8s.io', 'v1', 'ValidatingWebhookConfiguration', 'io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration'],
    ['internal.apiserver.k8s.io', 'v1alpha1', 'StorageVersion', 'io.k8s.api.apiserverinternal.v1alpha1.StorageVersion'],
    ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition'],
    ['apiregistration.k8s.io', 'v1', 'APIService', 'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService'],
    ['meta.k8s.io', 'v1', 'ObjectMeta', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'],
    ['example.com', 'v1', 'Widget', 'com.example.v1.Widget'],
    ['stable.example.com', 'v1beta1', 'CronTab', 'com.example.stable.v1beta1.CronTab'],
  ])('names %s/%s %s like kube-apiserver', (group, version, kind, expected) => {
    expect(definitionName(group, version, kind)).toBe(expected);
  });
});

describe('operation names', () => {
  it('builds the group-version part of operation ids as kube does', () => {
    expect(operationGroup('', 'v1')).toBe('CoreV1');
    expect(operationGroup('apps', 'v1')).toBe('AppsV1');
    expect(operationGroup('rbac.authorization.k8s.io', 'v1')).toBe('RbacAuthorizationV1');
    expect(operationGroup('stable.example.com', 'v1beta1')).toBe('StableExampleComV1beta1');
    expect(groupCamel('flowcontrol.apiserver.k8s.io')).toBe('FlowcontrolApiserver');
  });

  it('builds tags as kube does', () => {
    expect(operationTag('', 'v1')).toBe('core_v1');
    expect(operationTag('rbac.authorization.k8s.io', 'v1')).toBe('rbacAuthorization_v1');
    expect(operationTag('example.com', 'v1')).toBe('exampleCom_v1');
  });

  it("recognises Kubernetes' own groups", () => {
    expect(['', 'apps', 'batch', 'coordination.k8s.io'].every(isKubernetesGroup)).toBe(true);
    expect(isKubernetesGroup('example.com')).toBe(false);
  });
});
