/**
 * Content negotiation and request limits over HTTP: Table and PartialObjectMetadata
 * representations, YAML, 406 / 415 / 413, and the request timeout (504, and 400 for a bad value).
 */
import type { ValidatingPlugin } from '@apiserver-kit/core';
import { parse as parseYaml } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestServer, closeAll, cmPath, configMap, deferred, items, startServer } from './helpers.js';

afterEach(closeAll);

const tableAccept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

async function seeded(): Promise<TestServer> {
  const s = await startServer();
  await s.request('POST', cmPath(), { body: configMap('a', { x: '1', y: '2' }) });
  await s.request('POST', cmPath(), { body: configMap('b') });
  return s;
}

describe('representations', () => {
  it('answers a list as a Table with Name, Data and Age for configmaps', async () => {
    const s = await seeded();
    const r = await s.request('GET', cmPath(), { headers: { Accept: tableAccept } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: expect.any(String) } });
    const columns = r.body.columnDefinitions as Array<{ name: string; type: string }>;
    expect(columns.map((c) => c.name)).toEqual(['Name', 'Data', 'Age']);
    const rows = r.body.rows as Array<{ cells: unknown[]; object: Record<string, unknown> }>;
    expect(rows.map((row) => row.cells.slice(0, 2))).toEqual([
      ['a', 2],
      ['b', 0],
    ]);
    expect(rows[0]!.cells[2]).toMatch(/^\d+s$/);
    // includeObject defaults to Metadata: each row carries the object's metadata only.
    expect(rows[0]!.object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: { name: 'a' } });
    expect(rows[0]!.object).not.toHaveProperty('data');
  });

  it('answers a get as a one-row Table', async () => {
    const s = await seeded();
    const r = await s.request('GET', cmPath('default', 'a'), { headers: { Accept: tableAccept } });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'Table', rows: [{ cells: ['a', 2, expect.any(String)] }] });
  });

  it('answers PartialObjectMetadataList and PartialObjectMetadata when asked', async () => {
    const s = await seeded();
    const list = await s.request('GET', cmPath(), {
      headers: { Accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json' },
    });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ kind: 'PartialObjectMetadataList', apiVersion: 'meta.k8s.io/v1' });
    expect(items(list.body).map((i) => [i.kind, i.apiVersion, i.metadata.name])).toEqual([
      ['PartialObjectMetadata', 'meta.k8s.io/v1', 'a'],
      ['PartialObjectMetadata', 'meta.k8s.io/v1', 'b'],
    ]);
    expect(items(list.body)[0]).not.toHaveProperty('data');
    const one = await s.request('GET', cmPath('default', 'a'), {
      headers: { Accept: 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io' },
    });
    expect(one.body).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: expect.objectContaining({ name: 'a' }) });
  });

  it('answers YAML for Accept: application/yaml, errors included', async () => {
    const s = await seeded();
    const r = await s.request('GET', cmPath('default', 'a'), { headers: { Accept: 'application/yaml' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/yaml');
    expect(parseYaml(r.text)).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: '1', y: '2' } });
    const missing = await s.request('GET', cmPath('default', 'zz'), { headers: { Accept: 'application/yaml' } });
    expect(missing.status).toBe(404);
    expect(parseYaml(missing.text)).toMatchObject({ kind: 'Status', reason: 'NotFound' });
  });

  it('accepts a YAML body', async () => {
    const s = await startServer();
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  k: v\n';
    const r = await s.request('POST', cmPath(), { body: yaml, headers: { 'Content-Type': 'application/yaml' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ metadata: { name: 'from-yaml' }, data: { k: 'v' } });
  });
});

describe('unsupported media types', () => {
  it('answers 406 NotAcceptable for Accept: application/xml', async () => {
    const s = await seeded();
    const r = await s.request('GET', cmPath('default', 'a'), { headers: { Accept: 'application/xml' } });
    expect(r.status).toBe(406);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'NotAcceptable', code: 406 });
    expect(r.body.message).toMatch(/^only the following media types are accepted: application\/json, application\/yaml/);
  });

  it('answers 415 for a body in an unknown format', async () => {
    const s = await startServer();
    const r = await s.request('POST', cmPath(), { body: 'name=a', headers: { 'Content-Type': 'text/plain' } });
    expect(r.status).toBe(415);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'UnsupportedMediaType', code: 415 });
    expect(r.body.message).toMatch(/^the body of the request was in an unknown format - accepted media types include: application\/json, application\/yaml/);
  });

  it('answers 415 listing the patch types for a PATCH with a plain JSON Content-Type', async () => {
    const s = await seeded();
    const r = await s.request('PATCH', cmPath('default', 'a'), { body: { data: { z: '3' } }, headers: { 'Content-Type': 'application/json' } });
    expect(r.status).toBe(415);
    expect(r.body).toMatchObject({
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
    });
  });
});

describe('limits', () => {
  it('answers 413 for a body over 3 MiB and keeps serving', async () => {
    const s = await startServer();
    const big = configMap('big', { k: 'x'.repeat(4 * 1024 * 1024) });
    const r = await s.request('POST', cmPath(), { body: big });
    expect(r.status).toBe(413);
    expect(r.body).toMatchObject({ kind: 'Status', reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728', code: 413 });
    expect((await s.request('GET', cmPath('default', 'big'))).status).toBe(404);
    expect((await s.request('POST', cmPath(), { body: configMap('small') })).status).toBe(201);
  });

  it('answers 504 when a request outlives ?timeout', async () => {
    const gate = deferred();
    const slow: ValidatingPlugin = {
      name: 'Slow',
      handles: (op) => op === 'CREATE',
      async validate(a) {
        if (a.name === 'slow') await gate.promise;
      },
    };
    const s = await startServer({ admission: { validating: [slow] } });
    try {
      const r = await s.request('POST', `${cmPath()}?timeout=1ms`, { body: configMap('slow') });
      expect(r.status).toBe(504);
      expect(r.body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        message: 'Timeout: request did not complete within requested timeout - context deadline exceeded',
        reason: 'Timeout',
        code: 504,
      });
      expect((await s.request('POST', `${cmPath()}?timeout=10s`, { body: configMap('fast') })).status).toBe(201);
    } finally {
      gate.resolve();
    }
  });

  it('answers 400 for a timeout that is not a duration', async () => {
    const s = await startServer();
    const r = await s.request('GET', `${cmPath()}?timeout=abc`);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      reason: 'BadRequest',
      message: 'invalid timeout specified in the request URL - time: invalid duration "abc"',
    });
  });
});
