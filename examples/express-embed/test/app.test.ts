import { createCA, createClientCert, createServingCert, type CertBundle } from '@apiserver-kit/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppOptions, createApp } from '../src/app.js';
import { type RunningServer, type TlsOptions, startServer } from '../src/server.js';
import { send } from './client.js';

const tokenFile = [
  'alice-token,alice,uid-alice,"admins,dev"',
  'bob-token,bob,uid-bob,dev',
  'carol-token,carol,uid-carol',
].join('\n');

const unauthorizedBody = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const running: RunningServer[] = [];
async function serve(options: AppOptions, tls?: TlsOptions): Promise<string> {
  const server = await startServer(createApp(options), tls ? { port: 0, tls } : { port: 0 });
  running.push(server);
  return server.url;
}
afterAll(async () => {
  await Promise.all(running.map((s) => s.close()));
});

describe('express-embed over http with static tokens', () => {
  let url: string;
  beforeAll(async () => {
    url = await serve({
      tokenFile,
      extend: (api) =>
        api.get('/debug/headers', (req, res) => {
          res.json({ headers: req.headers, rawHeaders: req.rawHeaders, distinct: req.headersDistinct });
        }),
    });
  });

  it('answers /public/health without credentials, and ignores a bad token there', async () => {
    expect(await send(`${url}/public/health`)).toMatchObject({ status: 200, text: 'ok' });
    expect(await send(`${url}/public/health`, { headers: bearer('nope') })).toMatchObject({ status: 200, text: 'ok' });
  });

  it('answers a token user on /api/me with the token file identity plus system:authenticated', async () => {
    const res = await send(`${url}/api/me`, { headers: bearer('bob-token') });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ name: 'bob', uid: 'uid-bob', groups: ['dev', 'system:authenticated'] });
  });

  it('refuses a request without credentials with kube 401 Status and no WWW-Authenticate', async () => {
    const res = await send(`${url}/api/me`);
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['www-authenticate']).toBeUndefined();
    expect(res.json).toEqual(unauthorizedBody);
  });

  it('refuses an unknown token and a non-Bearer Authorization header with 401', async () => {
    expect(await send(`${url}/api/me`, { headers: bearer('nope') })).toMatchObject({ status: 401, json: unauthorizedBody });
    const basic = await send(`${url}/api/me`, { headers: { authorization: 'Basic YWxpY2U6cHc=' } });
    expect(basic).toMatchObject({ status: 401, json: unauthorizedBody });
  });

  it('lets members of admins into /api/admin', async () => {
    const res = await send(`${url}/api/admin`, { headers: bearer('alice-token') });
    expect(res).toMatchObject({ status: 200, json: { message: 'welcome, alice' } });
  });

  it('answers others on /api/admin with a 403 Forbidden Status in kube wording', async () => {
    const res = await send(`${url}/api/admin?verbose=1`, { headers: bearer('carol-token') });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'forbidden: User "carol" cannot get path "/api/admin"',
      reason: 'Forbidden',
      code: 403,
    });
  });

  it('stores notes from any authenticated user and lists them with their authors', async () => {
    const created = await send(`${url}/api/notes`, {
      method: 'POST',
      headers: { ...bearer('carol-token'), 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'buy milk' }),
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ text: 'buy milk', author: 'carol' });
    const id = (created.json as { id: string }).id;
    expect(created.headers.location).toBe(`/api/notes/${id}`);

    const list = await send(`${url}/api/notes`, { headers: bearer('bob-token') });
    expect(list.status).toBe(200);
    expect((list.json as { items: unknown[] }).items).toContainEqual(expect.objectContaining({ id, text: 'buy milk', author: 'carol' }));
  });

  it('refuses a note without text with 422 Invalid naming the field', async () => {
    const res = await send(`${url}/api/notes`, {
      method: 'POST',
      headers: { ...bearer('bob-token'), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      kind: 'Status',
      reason: 'Invalid',
      message: 'Note "" is invalid: text: Required value',
      details: { kind: 'Note', causes: [{ reason: 'FieldValueRequired', field: 'text' }] },
    });
  });

  it('answers malformed JSON with 400 and a non-JSON body with 415, both as Status', async () => {
    const broken = await send(`${url}/api/notes`, {
      method: 'POST',
      headers: { ...bearer('bob-token'), 'content-type': 'application/json' },
      body: '{"text":',
    });
    expect(broken).toMatchObject({ status: 400, json: { kind: 'Status', reason: 'BadRequest' } });
    const plain = await send(`${url}/api/notes`, {
      method: 'POST',
      headers: { ...bearer('bob-token'), 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(plain).toMatchObject({ status: 415, json: { kind: 'Status', reason: 'UnsupportedMediaType' } });
  });

  it('does not let an unauthenticated note through', async () => {
    const res = await send(`${url}/api/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"x"}' });
    expect(res).toMatchObject({ status: 401, json: unauthorizedBody });
  });

  it('answers an unknown path with 404 NotFound after authentication, and 401 before it', async () => {
    const found = await send(`${url}/api/nothing-here`, { headers: bearer('bob-token') });
    expect(found).toMatchObject({ status: 404, json: { kind: 'Status', reason: 'NotFound', code: 404 } });
    expect(await send(`${url}/elsewhere`)).toMatchObject({ status: 401 });
  });

  it('hides the Authorization header from route handlers', async () => {
    const res = await send(`${url}/api/debug/headers`, { headers: { ...bearer('bob-token'), 'x-trace': 'kept' } });
    expect(res.status).toBe(200);
    const seen = res.json as { headers: Record<string, unknown>; rawHeaders: string[]; distinct: Record<string, unknown> };
    expect(seen.headers['x-trace']).toBe('kept');
    expect(seen.headers).not.toHaveProperty('authorization');
    expect(seen.rawHeaders.map((h) => h.toLowerCase())).not.toContain('authorization');
    expect(res.text).not.toContain('bob-token');
  });
});

describe('express-embed with anonymous access on', () => {
  let url: string;
  beforeAll(async () => {
    url = await serve({ tokenFile, anonymous: true });
  });

  it('answers an anonymous request to /api/me with 403, naming system:anonymous', async () => {
    const res = await send(`${url}/api/me`);
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({
      reason: 'Forbidden',
      message: 'forbidden: User "system:anonymous" cannot get path "/api/me"',
    });
  });

  it('still refuses a bad token with 401 instead of treating it as anonymous', async () => {
    expect(await send(`${url}/api/me`, { headers: bearer('nope') })).toMatchObject({ status: 401, json: unauthorizedBody });
  });

  it('still authenticates token users', async () => {
    const res = await send(`${url}/api/me`, { headers: bearer('alice-token') });
    expect(res).toMatchObject({ status: 200, json: { name: 'alice', groups: ['admins', 'dev', 'system:authenticated'] } });
  });
});

describe('express-embed over https with client certificates', () => {
  let ca: CertBundle;
  let alice: CertBundle;
  let stranger: CertBundle;
  let url: string;
  beforeAll(async () => {
    ca = createCA({ commonName: 'express-embed-ca' });
    const serving = createServingCert(ca, { commonName: 'express-embed', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    alice = createClientCert(ca, { user: 'alice', groups: ['admins'] });
    const otherCA = createCA({ commonName: 'someone-else' });
    stranger = createClientCert(otherCA, { user: 'mallory', groups: ['admins'] });
    url = await serve({ tokenFile, clientCA: ca.certPem }, { cert: serving.certPem, key: serving.keyPem, clientCA: ca.certPem });
  });

  it('authenticates a client certificate user from CN and O, with system:authenticated', async () => {
    const res = await send(`${url}/api/me`, { tls: { ca: ca.certPem, cert: alice.certPem, key: alice.keyPem } });
    expect(res.status).toBe(200);
    const user = res.json as { name: string; groups: string[]; extra: Record<string, string[]> };
    expect(user.name).toBe('alice');
    expect(user.groups).toEqual(['admins', 'system:authenticated']);
    expect(user.extra['authentication.kubernetes.io/credential-id']?.[0]).toMatch(/^X509SHA256=[0-9a-f]{64}$/);
    const admin = await send(`${url}/api/admin`, { tls: { ca: ca.certPem, cert: alice.certPem, key: alice.keyPem } });
    expect(admin.status).toBe(200);
  });

  it('refuses a certificate from another CA with 401', async () => {
    const res = await send(`${url}/api/me`, { tls: { ca: ca.certPem, cert: stranger.certPem, key: stranger.keyPem } });
    expect(res).toMatchObject({ status: 401, json: unauthorizedBody });
  });

  it('serves token users on the same https port without a certificate', async () => {
    const res = await send(`${url}/api/me`, { headers: bearer('bob-token'), tls: { ca: ca.certPem } });
    expect(res).toMatchObject({ status: 200, json: { name: 'bob' } });
  });
});
