import { describe, expect, it } from 'vitest';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './legacy.js';
import { compareVersions, servedGroups, storageVersionHash } from './model.js';
import { configMaps, deployments, leases, namespaces, sampleDefinitions, widgets } from './testdata/definitions.js';

const groups = servedGroups(sampleDefinitions);
const gv = (group: string, version: string) =>
  groups.find((g) => g.name === group)!.versions.find((v) => v.version === version)!;

describe('storageVersionHash', () => {
  it('matches the hashes a real kube-apiserver publishes', () => {
    expect(storageVersionHash('', 'v1', 'ConfigMap')).toBe('qFsyl6wFWjQ=');
    expect(storageVersionHash('', 'v1', 'Namespace')).toBe('Q3oi5N2YM8M=');
    expect(storageVersionHash('', 'v1', 'Pod')).toBe('xPOwRZ+Yhw8=');
    expect(storageVersionHash('apps', 'v1', 'Deployment')).toBe('8aSe+NMegvE=');
  });
});

describe('compareVersions', () => {
  it('orders GA before beta before alpha, newer first, then other strings', () => {
    const sorted = ['v1alpha1', 'foo', 'v1beta1', 'v2', 'v1', 'v1beta2', 'v10'].sort(compareVersions);
    expect(sorted).toEqual(['v10', 'v2', 'v1', 'v1beta2', 'v1beta1', 'v1alpha1', 'foo']);
  });
});

describe('/api', () => {
  it('lists the core versions and the server address, byte for byte like kube', () => {
    expect(JSON.stringify(apiVersions(groups, '10.0.0.1:6443'))).toBe(
      '{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"10.0.0.1:6443"}]}',
    );
  });

  it('has no versions when no core resources are served', () => {
    expect(apiVersions(servedGroups([leases]), undefined)).toEqual({
      kind: 'APIVersions',
      versions: [],
      serverAddressByClientCIDRs: [],
    });
  });
});

describe('/apis', () => {
  it('lists named groups in order of first definition, preferred version first', () => {
    expect(JSON.stringify(apiGroupList(groups))).toBe(
      '{"kind":"APIGroupList","apiVersion":"v1","groups":[' +
        '{"name":"coordination.k8s.io","versions":[{"groupVersion":"coordination.k8s.io/v1","version":"v1"}],"preferredVersion":{"groupVersion":"coordination.k8s.io/v1","version":"v1"}},' +
        '{"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}},' +
        '{"name":"example.com","versions":[{"groupVersion":"example.com/v1","version":"v1"},{"groupVersion":"example.com/v1beta1","version":"v1beta1"}],"preferredVersion":{"groupVersion":"example.com/v1","version":"v1"}}]}',
    );
  });

  it('keeps the first listed version preferred even when a higher one exists', () => {
    const list = apiGroupList(servedGroups([{ ...widgets, versions: ['v1beta1', 'v2', 'v1'] }]));
    expect(list.groups[0]!.preferredVersion.version).toBe('v1beta1');
    expect(list.groups[0]!.versions.map((v) => v.version)).toEqual(['v1beta1', 'v2', 'v1']);
  });
});

describe('/apis/<group>', () => {
  it('is an APIGroup with kind and apiVersion', () => {
    expect(JSON.stringify(apiGroup(groups.find((g) => g.name === 'apps')!))).toBe(
      '{"kind":"APIGroup","apiVersion":"v1","name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}],"preferredVersion":{"groupVersion":"apps/v1","version":"v1"}}',
    );
  });
});

describe('APIResourceList', () => {
  it('serves /api/v1 without apiVersion, resources sorted, subresources after their parent', () => {
    expect(JSON.stringify(apiResourceList(gv('', 'v1')))).toBe(
      '{"kind":"APIResourceList","groupVersion":"v1","resources":[' +
        '{"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["create","delete","deletecollection","get","list","patch","update","watch"],"shortNames":["cm"],"storageVersionHash":"qFsyl6wFWjQ="},' +
        '{"name":"namespaces","singularName":"namespace","namespaced":false,"kind":"Namespace","verbs":["create","delete","get","list","patch","update","watch"],"shortNames":["ns"],"storageVersionHash":"Q3oi5N2YM8M="},' +
        '{"name":"namespaces/status","singularName":"","namespaced":false,"kind":"Namespace","verbs":["get","patch","update"]}]}',
    );
  });

  it('names group and version of the Scale subresource and carries categories', () => {
    const list = apiResourceList(gv('apps', 'v1'));
    expect(list.apiVersion).toBe('v1');
    expect(list.groupVersion).toBe('apps/v1');
    expect(list.resources).toEqual([
      {
        name: 'deployments',
        singularName: 'deployment',
        namespaced: true,
        kind: 'Deployment',
        verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
        shortNames: ['deploy'],
        categories: ['all'],
        storageVersionHash: '8aSe+NMegvE=',
      },
      { name: 'deployments/scale', singularName: '', namespaced: true, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] },
      { name: 'deployments/status', singularName: '', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch', 'update'] },
    ]);
    expect(JSON.stringify(list.resources[1])).toBe(
      '{"name":"deployments/scale","singularName":"","namespaced":true,"group":"autoscaling","version":"v1","kind":"Scale","verbs":["get","patch","update"]}',
    );
  });

  it('puts the storage version hash only on the storage version', () => {
    expect(apiResourceList(gv('example.com', 'v1')).resources[0]!.storageVersionHash).toBe(storageVersionHash('example.com', 'v1', 'Widget'));
    expect(apiResourceList(gv('example.com', 'v1beta1')).resources[0]).not.toHaveProperty('storageVersionHash');
  });

  it('uses the lower-cased kind as singular name when none is given', () => {
    expect(apiResourceList(servedGroups([configMaps])[0]!.versions[0]!).resources[0]!.singularName).toBe('configmap');
    expect(servedGroups([namespaces, deployments]).map((g) => g.name)).toEqual(['', 'apps']);
  });
});
