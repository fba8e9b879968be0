import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDefinitions } from './testdata/definitions.js';
import { type DocumentServer, hasKubectl, serveDocuments } from './testdata/kubectl.js';

describe.skipIf(!hasKubectl)('kubectl 1.32 against the discovery documents', () => {
  let server: DocumentServer;
  beforeAll(async () => {
    server = await serveDocuments(sampleDefinitions);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('lists every resource in api-resources, as for a real cluster', async () => {
    const r = await server.kubectl(['api-resources']);
    expect(r.stderr).toBe('');
    const rows = r.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
    expect(rows[0]).toEqual(['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND']);
    expect(rows.slice(1)).toEqual([
      ['configmaps', 'cm', 'v1', 'true', 'ConfigMap'],
      ['namespaces', 'ns', 'v1', 'false', 'Namespace'],
      ['deployments', 'deploy', 'apps/v1', 'true', 'Deployment'],
      ['leases', 'coordination.k8s.io/v1', 'true', 'Lease'],
      ['widgets', 'wd', 'example.com/v1', 'true', 'Widget'],
    ]);
  });

  it('got everything from aggregated discovery, without per-group-version requests', () => {
    const discoveryGets = server.requests.filter((q) => q.url.startsWith('/api'));
    expect(discoveryGets.map((q) => q.url.split('?')[0])).toEqual(['/api', '/apis']);
    expect(discoveryGets[0]!.accept).toContain('g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
  });

  it('lists every group-version in api-versions', async () => {
    const r = await server.kubectl(['api-versions']);
    expect(r.stdout.trim().split('\n')).toEqual(['apps/v1', 'coordination.k8s.io/v1', 'example.com/v1', 'example.com/v1beta1', 'v1']);
  });

  it('filters api-resources by category and wide output shows verbs', async () => {
    const r = await server.kubectl(['api-resources', '--categories=toys', '-o', 'wide']);
    expect(r.stdout).toMatch(/widgets\s+wd\s+example\.com\/v1\s+true\s+Widget\s+create,delete,deletecollection,get,list,patch,update,watch\s+all,toys/);
  });
});
