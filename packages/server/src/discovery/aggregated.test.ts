import { describe, expect, it } from 'vitest';
import { aggregatedContentType, aggregatedList, negotiateDiscovery } from './aggregated.js';
import { servedGroups } from './model.js';
import { sampleDefinitions } from './testdata/definitions.js';

/** What client-go 1.32's discovery client sends (discovery_client.go acceptDiscoveryFormats). */
const kubectlAccept =
  'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json';

describe('negotiateDiscovery', () => {
  it("picks v2 for kubectl's Accept header", () => {
    expect(negotiateDiscovery(kubectlAccept)).toBe('v2');
  });

  it('picks v2 for the nopeer profile newer clients put first', () => {
    expect(negotiateDiscovery(`application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;profile=nopeer,${kubectlAccept}`)).toBe('v2');
  });

  it('picks v2beta1 when only v2beta1 is offered', () => {
    expect(negotiateDiscovery('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json')).toBe('v2beta1');
  });

  it('honours q-values over order', () => {
    expect(
      negotiateDiscovery('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList;q=0.5,application/json;q=0.9'),
    ).toBe('legacy');
    expect(
      negotiateDiscovery('application/json;q=0.5,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList;q=0.8'),
    ).toBe('v2beta1');
  });

  it('skips what it cannot produce: protobuf, unknown versions, other as= kinds', () => {
    expect(negotiateDiscovery('application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json')).toBe('legacy');
    expect(negotiateDiscovery('application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList')).toBe('legacy');
    expect(negotiateDiscovery('application/json;as=Table;g=meta.k8s.io;v=v1,application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList')).toBe('v2');
  });

  it('serves legacy discovery to plain and missing Accept headers', () => {
    expect(negotiateDiscovery(undefined)).toBe('legacy');
    expect(negotiateDiscovery('')).toBe('legacy');
    expect(negotiateDiscovery('application/json, */*')).toBe('legacy');
    expect(negotiateDiscovery('*/*')).toBe('legacy');
  });
});

describe('aggregatedContentType', () => {
  it('names group, version and kind in the order client-go documents', () => {
    expect(aggregatedContentType('v2')).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
    expect(aggregatedContentType('v2beta1')).toBe('application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList');
  });
});

describe('aggregatedList', () => {
  const groups = servedGroups(sampleDefinitions);

  it('renders the core group exactly as kube does for /api', () => {
    const list = aggregatedList(groups.filter((g) => g.name === ''), 'v2');
    expect(JSON.stringify(list)).toBe(
      '{"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2","metadata":{},"items":[' +
        '{"metadata":{"name":"","creationTimestamp":null},"versions":[{"version":"v1","resources":[' +
        '{"resource":"configmaps","responseKind":{"group":"","version":"v1","kind":"ConfigMap"},"scope":"Namespaced","singularResource":"configmap","verbs":["create","delete","deletecollection","get","list","patch","update","watch"],"shortNames":["cm"]},' +
        '{"resource":"namespaces","responseKind":{"group":"","version":"v1","kind":"Namespace"},"scope":"Cluster","singularResource":"namespace","verbs":["create","delete","get","list","patch","update","watch"],"shortNames":["ns"],' +
        '"subresources":[{"subresource":"status","responseKind":{"group":"","version":"v1","kind":"Namespace"},"verbs":["get","patch","update"]}]}' +
        '],"freshness":"Current"}]}]}',
    );
  });

  it('lists every version of a group with its resources, categories and the Scale kind', () => {
    const list = aggregatedList(groups.filter((g) => g.name !== ''), 'v2beta1');
    expect(list.apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
    expect(list.items.map((i) => i.metadata.name)).toEqual(['coordination.k8s.io', 'apps', 'example.com']);
    const apps = list.items[1]!.versions[0]!.resources[0]!;
    expect(apps.categories).toEqual(['all']);
    expect(apps.subresources).toEqual([
      { subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] },
      { subresource: 'status', responseKind: { group: 'apps', version: 'v1', kind: 'Deployment' }, verbs: ['get', 'patch', 'update'] },
    ]);
    const widget = list.items[2]!;
    expect(widget.versions.map((v) => [v.version, v.freshness, v.resources[0]!.responseKind.version])).toEqual([
      ['v1', 'Current', 'v1'],
      ['v1beta1', 'Current', 'v1beta1'],
    ]);
    expect(widget.versions[0]!.resources[0]).toMatchObject({ resource: 'widgets', singularResource: 'widget', shortNames: ['wd'], categories: ['all', 'toys'] });
  });
});
