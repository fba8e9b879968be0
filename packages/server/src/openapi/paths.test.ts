import { describe, expect, it } from 'vitest';
import { configMaps, deployments, namespaces, widgets } from '../discovery/testdata/definitions.js';
import { resourcePaths, resourcesPath } from './paths.js';
import { dig } from './testdata/dig.js';

const smp = { strategicMergePatch: true };
const names = (ps: unknown): unknown => (Array.isArray(ps) ? ps.map((p) => dig(p, 'name')) : undefined);

describe('resourcePaths', () => {
  const paths = resourcePaths(configMaps, 'v1', smp);

  it('publishes the same paths kube-apiserver does for a namespaced resource', () => {
    expect(Object.keys(paths).sort()).toEqual([
      '/api/v1/configmaps',
      '/api/v1/namespaces/{namespace}/configmaps',
      '/api/v1/namespaces/{namespace}/configmaps/{name}',
      '/api/v1/watch/configmaps',
      '/api/v1/watch/namespaces/{namespace}/configmaps',
      '/api/v1/watch/namespaces/{namespace}/configmaps/{name}',
    ]);
  });

  it("names operations and actions as kube's v3 document for core/v1 does", () => {
    const ops = Object.values(paths).flatMap((item) =>
      Object.entries(item)
        .filter(([m]) => m !== 'parameters')
        .map(([, op]) => [dig(op, 'operationId'), dig(op, 'x-kubernetes-action')]),
    );
    expect(ops.sort()).toEqual(
      [
        ['listCoreV1NamespacedConfigMap', 'list'],
        ['createCoreV1NamespacedConfigMap', 'post'],
        ['deleteCoreV1CollectionNamespacedConfigMap', 'deletecollection'],
        ['readCoreV1NamespacedConfigMap', 'get'],
        ['replaceCoreV1NamespacedConfigMap', 'put'],
        ['patchCoreV1NamespacedConfigMap', 'patch'],
        ['deleteCoreV1NamespacedConfigMap', 'delete'],
        ['watchCoreV1NamespacedConfigMapList', 'watchlist'],
        ['watchCoreV1NamespacedConfigMap', 'watch'],
        ['listCoreV1ConfigMapForAllNamespaces', 'list'],
        ['watchCoreV1ConfigMapListForAllNamespaces', 'watchlist'],
      ].sort(),
    );
  });

  it('gives PATCH fieldValidation and dryRun among its own parameters, where kubectl looks for them', () => {
    const patch = dig(paths, '/api/v1/namespaces/{namespace}/configmaps/{name}.patch');
    expect(names(dig(patch, 'parameters'))).toEqual(['dryRun', 'fieldManager', 'fieldValidation', 'force']);
    expect(dig(patch, 'x-kubernetes-group-version-kind')).toEqual({ group: '', kind: 'ConfigMap', version: 'v1' });
    expect(dig(patch, 'parameters.2')).toEqual({
      description: expect.stringContaining('fieldValidation instructs the server'),
      in: 'query',
      name: 'fieldValidation',
      schema: { type: 'string', uniqueItems: true },
    });
    expect(names(dig(paths, '/api/v1/namespaces/{namespace}/configmaps/{name}.parameters'))).toEqual(['name', 'namespace', 'pretty']);
    expect(names(dig(paths, '/api/v1/namespaces/{namespace}/configmaps.post.parameters'))).toEqual(['dryRun', 'fieldManager', 'fieldValidation']);
  });

  it('lists strategic merge patch among PATCH body types only when the resource accepts it', () => {
    const types = (p: Record<string, unknown>) => Object.keys(dig(p, '/api/v1/namespaces/{namespace}/configmaps/{name}.patch.requestBody.content') as object);
    expect(types(paths)).toEqual([
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]);
    expect(types(resourcePaths(configMaps, 'v1', { strategicMergePatch: false }))).toEqual([
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
    ]);
  });

  it('publishes status with the kind and scale with autoscaling/v1 Scale', () => {
    const d = resourcePaths(deployments, 'v1', smp);
    const status = '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/status';
    const scale = '/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale';
    expect(dig(d, `${status}.patch.operationId`)).toBe('patchAppsV1NamespacedDeploymentStatus');
    expect(dig(d, `${status}.patch.x-kubernetes-group-version-kind`)).toEqual({ group: 'apps', kind: 'Deployment', version: 'v1' });
    expect(names(dig(d, `${status}.patch.parameters`))).toContain('fieldValidation');
    expect(dig(d, `${scale}.get.operationId`)).toBe('readAppsV1NamespacedDeploymentScale');
    expect(dig(d, `${scale}.put.x-kubernetes-group-version-kind`)).toEqual({ group: 'autoscaling', kind: 'Scale', version: 'v1' });
    expect(dig(d, `${scale}.get.responses.200.content.application/json.schema.$ref`)).toBe('#/components/schemas/io.k8s.api.autoscaling.v1.Scale');
  });

  it('publishes cluster-scoped resources without namespace paths and only their verbs', () => {
    const ns = resourcePaths(namespaces, 'v1', smp);
    expect(Object.keys(ns).sort()).toEqual([
      '/api/v1/namespaces',
      '/api/v1/namespaces/{name}',
      '/api/v1/namespaces/{name}/status',
      '/api/v1/watch/namespaces',
      '/api/v1/watch/namespaces/{name}',
    ]);
    expect(Object.keys(ns['/api/v1/namespaces']!).sort()).toEqual(['get', 'parameters', 'post']);
    expect(dig(ns, '/api/v1/namespaces.get.operationId')).toBe('listCoreV1Namespace');
    expect(names(dig(ns, '/api/v1/namespaces/{name}.parameters'))).toEqual(['name', 'pretty']);
  });

  it('uses the /apis prefix, operation names and tag of a custom group', () => {
    const w = resourcePaths(widgets, 'v1beta1', { strategicMergePatch: false });
    const list = ['/apis/example.com/v1beta1/namespaces/{namespace}/widgets', 'get'];
    expect(dig(w, [...list, 'operationId'])).toBe('listExampleComV1beta1NamespacedWidget');
    expect(dig(w, [...list, 'tags'])).toEqual(['exampleCom_v1beta1']);
  });
});

describe('resourcesPath', () => {
  it('describes the APIResourceList of the group-version', () => {
    const p = resourcesPath('apps', 'v1');
    expect(dig(p, '/apis/apps/v1/.get.operationId')).toBe('getAppsV1APIResources');
    expect(dig(p, '/apis/apps/v1/.get.responses.200.content.application/json.schema.$ref')).toBe(
      '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.APIResourceList',
    );
  });
});
