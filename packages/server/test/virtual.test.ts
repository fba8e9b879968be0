/**
 * Resources without storage: create-only virtual resources and create subresources, routed,
 * decoded, listed in discovery, and refused for other verbs as kube-apiserver does.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { CreateSubresource, VirtualResource } from '@apiserver-kit/core';
import { closeAll, startServer } from './helpers.js';

afterEach(closeAll);

const echo: VirtualResource = {
  definition: { group: 'example.com', versions: ['v1'], kind: 'Echo', plural: 'echoes', namespaced: false, verbs: ['create'] },
  async create({ body, user, dryRun }) {
    return { ...body, status: { user: user.name, dryRun } };
  },
};

const shout: CreateSubresource = {
  group: '',
  resource: 'configmaps',
  subresource: 'shout',
  request: { group: 'example.com', version: 'v1', kind: 'Shout' },
  async create({ body, parent, name, namespace }) {
    return { ...body, status: { parentUid: parent.metadata.uid, name, namespace } };
  },
};

describe('virtual resources', () => {
  it('answers create with 201 and the handler result, with the requester and dry-run', async () => {
    const s = await startServer({ virtualResources: [echo] });
    const r = await s.request('POST', '/apis/example.com/v1/echoes?dryRun=All', {
      body: { apiVersion: 'example.com/v1', kind: 'Echo', metadata: {} },
    });
    expect(r.status).toBe(201);
    expect(r.body.status).toEqual({ user: 'system:anonymous', dryRun: true });
  });

  it('refuses other verbs with 405 and a wrong kind with 400', async () => {
    const s = await startServer({ virtualResources: [echo] });
    expect((await s.request('GET', '/apis/example.com/v1/echoes')).status).toBe(405);
    const wrong = await s.request('POST', '/apis/example.com/v1/echoes', { body: { apiVersion: 'example.com/v1', kind: 'Other' } });
    expect(wrong.status).toBe(400);
  });

  it('is listed in discovery with only the create verb', async () => {
    const s = await startServer({ virtualResources: [echo] });
    const r = await s.request('GET', '/apis/example.com/v1');
    expect(r.body.resources).toEqual([expect.objectContaining({ name: 'echoes', kind: 'Echo', verbs: ['create'] })]);
  });
});

describe('create subresources', () => {
  it('routes POST <resource>/<name>/<sub> to the handler with the stored parent', async () => {
    const s = await startServer({ subresources: [shout] });
    const cm = await s.request('POST', '/api/v1/namespaces/default/configmaps', { body: { metadata: { name: 'a' } } });
    const r = await s.request('POST', '/api/v1/namespaces/default/configmaps/a/shout', {
      body: { apiVersion: 'example.com/v1', kind: 'Shout' },
    });
    expect(r.status).toBe(201);
    expect(r.body.status).toEqual({ parentUid: (cm.body.metadata as { uid: string }).uid, name: 'a', namespace: 'default' });
  });

  it('answers 404 for a missing parent and lists the subresource in discovery', async () => {
    const s = await startServer({ subresources: [shout] });
    const missing = await s.request('POST', '/api/v1/namespaces/default/configmaps/nope/shout', {
      body: { apiVersion: 'example.com/v1', kind: 'Shout' },
    });
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('configmaps "nope" not found');
    const d = await s.request('GET', '/api/v1');
    const resources = d.body.resources as Array<Record<string, unknown>>;
    expect(resources.find((x) => x.name === 'configmaps/shout')).toMatchObject({ kind: 'Shout', group: 'example.com', version: 'v1', verbs: ['create'] });
  });
});
