import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import jsonpatch from 'fast-json-patch';
import { afterEach, describe, expect, it } from 'vitest';
import { type MutatingPlugin, type ValidatingPlugin, errors } from '@apiserver-kit/core';
import { admissionAttributes, reviewRequestFor } from '../testing/index.js';
import type { AdmissionPluginLike } from '../plugins/split.js';
import { reviewFromAttributes } from './convert.js';
import { type AdmissionWebhookOptions, admissionWebhook } from './handler.js';
import type { AdmissionReview } from './types.js';

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function serve(plugin: AdmissionPluginLike, opts?: AdmissionWebhookOptions, preParse = false): Promise<string> {
  const handler = admissionWebhook(plugin, opts);
  const server = createServer((req, res) => {
    if (!preParse) return void handler(req, res);
    // What express.json() leaves behind: the body parsed onto req.body.
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      (req as typeof req & { body: unknown }).body = JSON.parse(text);
      void handler(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'team-a' }, data: { a: '1' } };

const addTeam: MutatingPlugin = {
  name: 'AddTeam',
  handles: (op) => op === 'CREATE',
  async admit(a) {
    a.object!.metadata.labels = { ...a.object!.metadata.labels, team: 'core' };
    a.warnings?.push('team label added');
  },
};

const requireOwner: ValidatingPlugin = {
  name: 'RequireOwner',
  async validate(a) {
    if (!a.object?.metadata.labels?.owner) {
      throw errors.forbidden({ group: a.resource.group, resource: a.resource.resource }, a.name, 'an owner label is required');
    }
  },
};

describe('admissionWebhook', () => {
  it('answers a mutation with a base64 JSON Patch that turns the object into the mutated one', async () => {
    const url = await serve(addTeam);
    const review = reviewFromAttributes(admissionAttributes({ object: cm }), { uid: 'abc-1' });
    const { status, json } = await post(url, review);
    expect(status).toBe(200);
    expect(json.apiVersion).toBe('admission.k8s.io/v1');
    expect(json.kind).toBe('AdmissionReview');
    const response = json.response as Record<string, unknown>;
    expect(response).toMatchObject({ uid: 'abc-1', allowed: true, patchType: 'JSONPatch', warnings: ['team label added'] });
    const patch = JSON.parse(Buffer.from(response.patch as string, 'base64').toString('utf8'));
    expect(patch).toEqual([{ op: 'add', path: '/metadata/labels', value: { team: 'core' } }]);
    const patched = jsonpatch.applyPatch(structuredClone(cm), patch).newDocument as { metadata: { labels?: Record<string, string> } };
    expect(patched.metadata.labels).toEqual({ team: 'core' });
  });

  it('sends no patch when nothing changed or the plugin does not handle the operation', async () => {
    const url = await serve(addTeam);
    const { json } = await post(url, reviewFromAttributes(admissionAttributes({ object: cm, oldObject: cm }), { uid: 'u' }));
    expect(json.response).toEqual({ uid: 'u', allowed: true });
  });

  it("refuses with the StatusError's code, message, reason and details", async () => {
    const url = await serve(requireOwner);
    const { status, json } = await post(url, reviewFromAttributes(admissionAttributes({ object: cm }), { uid: 'u2' }));
    expect(status).toBe(200);
    expect(json.response).toEqual({
      uid: 'u2',
      allowed: false,
      status: {
        metadata: {},
        status: 'Failure',
        message: 'configmaps "cfg" is forbidden: an owner label is required',
        reason: 'Forbidden',
        details: { name: 'cfg', kind: 'configmaps' },
        code: 403,
      },
    });
  });

  it('runs the validating half on the mutated object', async () => {
    const addOwner: MutatingPlugin = { name: 'AddOwner', admit: async (a) => void (a.object!.metadata.labels = { owner: 'me' }) };
    const url = await serve({ mutating: addOwner, validating: requireOwner });
    const { json } = await post(url, reviewFromAttributes(admissionAttributes({ object: cm })));
    expect(json.response).toMatchObject({ allowed: true, patchType: 'JSONPatch' });
  });

  it('answers v1beta1 reviews in v1beta1', async () => {
    const url = await serve(addTeam);
    const { json } = await post(url, reviewFromAttributes(admissionAttributes({ object: cm }), { apiVersion: 'admission.k8s.io/v1beta1' }));
    expect(json.apiVersion).toBe('admission.k8s.io/v1beta1');
  });

  it('turns a plugin crash into a 500 InternalError denial and reports it', async () => {
    const seen: unknown[] = [];
    const url = await serve({ name: 'Buggy', validate: async () => Promise.reject(new Error('boom')) }, { onError: (e) => seen.push(e) });
    const { json } = await post(url, reviewFromAttributes(admissionAttributes({ object: cm })));
    expect(json.response).toMatchObject({ allowed: false, status: { code: 500, reason: 'InternalError', message: 'Internal error occurred: boom' } });
    expect(seen).toHaveLength(1);
  });

  it('answers 400 with a Status for bodies that are not AdmissionReviews', async () => {
    const url = await serve(addTeam);
    const notJson = await post(url, '{not json');
    expect(notJson.status).toBe(400);
    expect(notJson.json).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    expect(String(notJson.json.message)).toMatch(/^couldn't decode AdmissionReview: /);
    const wrongKind = await post(url, { apiVersion: 'admission.k8s.io/v1', kind: 'TokenReview', request: {} });
    expect(wrongKind.status).toBe(400);
    const noRequest = await post(url, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' });
    expect(noRequest.status).toBe(400);
    expect(String(noRequest.json.message)).toContain('invalid AdmissionReview: request');
    const badOp = reviewFromAttributes(admissionAttributes()) as unknown as { request: { operation: string } };
    badOp.request.operation = 'PATCH';
    expect((await post(url, badOp)).status).toBe(400);
  });

  it('answers 405 to other methods and 413 to oversized bodies', async () => {
    const url = await serve(addTeam, { maxBodyBytes: 512 });
    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    const big = reviewFromAttributes(admissionAttributes({ object: { ...cm, data: { a: 'x'.repeat(2000) } } }));
    const { status, json } = await post(url, big);
    expect(status).toBe(413);
    expect(json).toMatchObject({ reason: 'RequestEntityTooLarge' });
  });

  it('uses a body an Express-style parser already put on req.body', async () => {
    const url = await serve(addTeam, {}, true);
    const res = await fetch(url, reviewRequestFor(admissionAttributes({ object: cm })));
    const json = (await res.json()) as AdmissionReview;
    expect(json.response).toMatchObject({ allowed: true, patchType: 'JSONPatch' });
  });
});
