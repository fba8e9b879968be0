/**
 * Server-side field validation (`?fieldValidation=Strict|Warn|Ignore`) over HTTP: unknown
 * fields fail the write, come back as Warning headers, or are dropped silently — and are never
 * stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestServer, closeAll, cmPath, configMap, startServer } from './helpers.js';

let s: TestServer;
beforeEach(async () => {
  s = await startServer();
});
afterEach(closeAll);

const withFoo = () => ({ ...configMap('a', { k: 'v' }), foo: 'bar' });

describe('fieldValidation', () => {
  it('Strict rejects an unknown field with 400 and a strict decoding error', async () => {
    const r = await s.request('POST', `${cmPath()}?fieldValidation=Strict`, { body: withFoo() });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "foo"',
      reason: 'BadRequest',
      code: 400,
    });
    expect((await s.request('GET', cmPath('default', 'a'))).status).toBe(404);
  });

  it('Strict names nested unknown fields by their path, on update too', async () => {
    const created = await s.request('POST', cmPath(), { body: configMap('a') });
    const body = { ...created.body, metadata: { ...(created.body.metadata as object), bogus: 1 } };
    const r = await s.request('PUT', `${cmPath('default', 'a')}?fieldValidation=Strict`, { body });
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.bogus"');
  });

  it('Warn answers with a 299 Warning header per unknown field and stores the object without it', async () => {
    const r = await s.request('POST', `${cmPath()}?fieldValidation=Warn`, { body: withFoo() });
    expect(r.status).toBe(201);
    expect(r.headers.warning).toBe('299 - "unknown field \\"foo\\""');
    expect(r.body).not.toHaveProperty('foo');
    const got = await s.request('GET', cmPath('default', 'a'));
    expect(got.body).not.toHaveProperty('foo');
    expect(got.body).toMatchObject({ data: { k: 'v' } });
  });

  it('warns by default, as kube does when fieldValidation is not given', async () => {
    const r = await s.request('POST', cmPath(), { body: withFoo() });
    expect(r.status).toBe(201);
    expect(r.headers.warning).toBe('299 - "unknown field \\"foo\\""');
  });

  it('Ignore drops unknown fields silently and does not store them', async () => {
    const r = await s.request('POST', `${cmPath()}?fieldValidation=Ignore`, { body: withFoo() });
    expect(r.status).toBe(201);
    expect(r.headers.warning).toBeUndefined();
    expect(r.body).not.toHaveProperty('foo');
    expect((await s.request('GET', cmPath('default', 'a'))).body).not.toHaveProperty('foo');
  });

  it('rejects an unknown fieldValidation value as an invalid CreateOptions (422)', async () => {
    const r = await s.request('POST', `${cmPath()}?fieldValidation=Bogus`, { body: configMap('a') });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      reason: 'Invalid',
      message: 'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Bogus": supported values: "", "Ignore", "Strict", "Warn"',
      details: { group: 'meta.k8s.io', kind: 'CreateOptions' },
    });
  });
});
