import { type ResourceDefinition, objectMetaSchema } from '@apiserver-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { sampleDefinitions } from '../discovery/testdata/definitions.js';
import { type DocumentServer, fakeStore, hasKubectl, serveDocuments } from '../discovery/testdata/kubectl.js';

/** A custom kind whose list `spec.parts` merges by name, served with strategic merge patch. */
const gadgets: ResourceDefinition = {
  group: 'gadgets.example.com',
  versions: ['v1'],
  kind: 'Gadget',
  plural: 'gadgets',
  namespaced: true,
  mergeKeys: { 'spec.parts': 'name' },
  schema: z.object({
    apiVersion: z.string(),
    kind: z.string(),
    metadata: objectMetaSchema,
    spec: z.object({ parts: z.array(z.object({ name: z.string(), size: z.number().int().optional() })) }),
  }),
};

const configMap = (name: string, value: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: default}
data: {a: "${value}"}
`;
const widget = (size: number) => `apiVersion: example.com/v1
kind: Widget
metadata: {name: w1, namespace: default}
spec: {size: ${size}}
`;
const gadget = (size: number) => `apiVersion: gadgets.example.com/v1
kind: Gadget
metadata: {name: g1, namespace: default}
spec:
  parts: [{name: a, size: 1}, {name: b, size: ${size}}]
`;

describe.skipIf(!hasKubectl)('kubectl 1.32 against the OpenAPI documents', () => {
  let server: DocumentServer;
  beforeAll(async () => {
    server = await serveDocuments([...sampleDefinitions, gadgets], fakeStore(), {
      strategicMergePatch: (d) => d.group !== 'example.com',
    });
  });
  afterAll(async () => {
    await server?.close();
  });

  const lastWrite = () => server.requests.filter((r) => r.method === 'POST' || r.method === 'PATCH').at(-1)!;

  it('explains a kind from the v3 document', async () => {
    const r = await server.kubectl(['explain', 'widgets.spec']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('GROUP:      example.com');
    expect(r.stdout).toMatch(/size\s+<integer> -required-\n\s+How big the widget is\./);
  });

  it('explains a kind from the v2 protobuf document', async () => {
    const r = await server.kubectl(['explain', 'configmaps', '--output', 'plaintext-openapiv2']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/KIND:\s+ConfigMap/);
    expect(r.stdout).toMatch(/metadata\s+<Object>/);
    const v2 = server.requests.find((q) => q.url.startsWith('/openapi/v2'))!;
    expect(v2.accept).toBe('application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
  });

  it('lets kubectl create rely on server-side field validation', async () => {
    const r = await server.kubectl(['create', '-f', '-'], configMap('created', '1'));
    expect(r.stderr).toBe('');
    expect(lastWrite().url).toBe('/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create&fieldValidation=Strict');
  });

  it('makes client-side apply send a strategic merge patch for a built-in kind', async () => {
    await server.kubectl(['apply', '-f', '-'], configMap('applied', '1'));
    expect(lastWrite()).toMatchObject({ method: 'POST', url: expect.stringContaining('fieldManager=kubectl-client-side-apply') });
    const second = await server.kubectl(['apply', '-f', '-'], configMap('applied', '2'));
    expect(second.stderr).toBe('');
    expect(lastWrite()).toMatchObject({ method: 'PATCH', contentType: 'application/strategic-merge-patch+json' });
    expect(lastWrite().url).toContain('fieldValidation=Strict');
  });

  it('makes client-side apply send a JSON merge patch when the document offers no strategic merge patch', async () => {
    await server.kubectl(['apply', '-f', '-'], widget(1));
    const r = await server.kubectl(['apply', '-f', '-'], widget(2));
    expect(r.stderr).toBe('');
    expect(lastWrite()).toMatchObject({ method: 'PATCH', contentType: 'application/merge-patch+json' });
    expect(JSON.parse(lastWrite().body)).toMatchObject({ spec: { size: 2 } });
  });

  it("computes a strategic merge patch from the v3 schema's merge keys for a custom kind", async () => {
    await server.kubectl(['apply', '-f', '-'], gadget(1));
    const r = await server.kubectl(['apply', '-f', '-'], gadget(2));
    expect(r.stderr).toBe('');
    expect(lastWrite()).toMatchObject({ method: 'PATCH', contentType: 'application/strategic-merge-patch+json' });
    expect(JSON.parse(lastWrite().body)).toMatchObject({
      spec: { parts: [{ name: 'b', size: 2 }], '$setElementOrder/parts': [{ name: 'a' }, { name: 'b' }] },
    });
  });
});
