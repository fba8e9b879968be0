import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AdmissionReview, reviewFromAttributes } from '@apiserver-kit/admission';
import { admissionAttributes, admissionReview } from '@apiserver-kit/admission/testing';
import type { ApiObject } from '@apiserver-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../src/config.js';
import { type RunningWebhookServer, startWebhookServer } from '../src/server.js';
import { type Reply, request } from './https-client.js';

const cm = (labels?: Record<string, string>): ApiObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', namespace: 'default', ...(labels ? { labels } : {}) },
});

let dir: string;
let ca: string;
let running: RunningWebhookServer;
let errors: unknown[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'admission-webhook-test-'));
  const loaded = await loadConfig(parseConfig(['--pki-dir', join(dir, 'pki'), '--port', '0']));
  ca = loaded.caPem!;
  errors = [];
  running = await startWebhookServer({ port: 0, certPem: loaded.certPem, keyPem: loaded.keyPem, onError: (e) => errors.push(e) });
});
afterAll(async () => {
  await running?.close();
  await rm(dir, { recursive: true, force: true });
});

const post = (path: string, review: AdmissionReview | string): Promise<Reply> =>
  request(`${running.url}${path}`, { ca, body: typeof review === 'string' ? review : JSON.stringify(review) });

function decodePatch(reply: Reply): unknown {
  const response = (reply.json as AdmissionReview).response!;
  return JSON.parse(Buffer.from(response.patch!, 'base64').toString('utf8'));
}

describe('the webhook server over HTTPS', () => {
  it('serves a certificate for 127.0.0.1 signed by the CA it prints', async () => {
    expect(running.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await request(`${running.url}/healthz`, { ca, method: 'GET' })).toMatchObject({ status: 200, text: 'ok' });
  });

  it('denies a configmap without an owner label on /validate, echoing the uid, with a 403 status', async () => {
    const review = reviewFromAttributes(admissionAttributes({ object: cm() }), { uid: 'uid-1' });
    const reply = await post('/validate?timeout=5s', review);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(reply.json).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      response: {
        uid: 'uid-1',
        allowed: false,
        status: {
          metadata: {},
          status: 'Failure',
          message: 'missing required label "owner"',
          reason: 'Forbidden',
          code: 403,
          details: {
            name: 'x',
            kind: 'configmaps',
            causes: [{ reason: 'FieldValueRequired', message: 'Required value', field: 'metadata.labels.owner' }],
          },
        },
      },
    });
  });

  it('allows a configmap with an owner label on /validate without a patch', async () => {
    const reply = await post('/validate', reviewFromAttributes(admissionAttributes({ object: cm({ owner: 'a' }) }), { uid: 'u2' }));
    expect(reply.json).toEqual({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'u2', allowed: true } });
  });

  it('returns the owner-change warning in response.warnings', async () => {
    const attrs = admissionAttributes({ oldObject: cm({ owner: 'alice' }), object: cm({ owner: 'bob' }) });
    const reply = await post('/validate', reviewFromAttributes(attrs));
    expect((reply.json as AdmissionReview).response).toMatchObject({ allowed: true, warnings: ['owner label changed from "alice" to "bob"'] });
  });

  it('answers /mutate with a base64 JSONPatch adding the annotation, and does not validate there', async () => {
    const reply = await post('/mutate', reviewFromAttributes(admissionAttributes({ object: cm() })));
    const response = (reply.json as AdmissionReview).response!;
    expect(response).toMatchObject({ allowed: true, patchType: 'JSONPatch' });
    expect(decodePatch(reply)).toEqual([
      { op: 'add', path: '/metadata/annotations', value: { 'example.com/managed-by': 'admission-webhook' } },
    ]);
  });

  it('answers an admission.k8s.io/v1beta1 review in v1beta1', async () => {
    const review = admissionReview({ uid: 'old', object: cm() as unknown as Record<string, unknown> }, 'admission.k8s.io/v1beta1');
    const reply = await post('/validate', review);
    expect(reply.json).toMatchObject({ apiVersion: 'admission.k8s.io/v1beta1', response: { uid: 'old', allowed: false } });
  });

  it('answers a body that is not an AdmissionReview with a 400 Status', async () => {
    const reply = await post('/validate', '{"kind":"Pod"}');
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ kind: 'Status', status: 'Failure', reason: 'BadRequest', code: 400 });
    expect(errors).toEqual([]);
  });

  it('answers GET on a webhook path with 405 and an unknown path with a 404 Status', async () => {
    const get = await request(`${running.url}/validate`, { ca, method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const missing = await post('/admit', reviewFromAttributes(admissionAttributes()));
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
  });

  it('is refused by a client that does not trust the CA', async () => {
    await expect(request(`${running.url}/healthz`, { ca: '', method: 'GET' })).rejects.toThrow(/self[- ]signed|unable to verify/i);
  });
});
