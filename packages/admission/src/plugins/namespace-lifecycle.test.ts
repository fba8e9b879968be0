import { describe, expect, it } from 'vitest';
import { statusOfAsync } from '@apiserver-kit/core/testing';
import { admissionAttributes } from '../testing/index.js';
import { MemoryObjectLookup } from '../testing/memory-lookup.js';
import { namespaceLifecycle } from './namespace-lifecycle.js';

const ns = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name }, ...extra });
const cm = (name: string, namespace: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace } });

const objects = new MemoryObjectLookup([
  ns('default'),
  ns('team-a', { status: { phase: 'Active' } }),
  ns('leaving', { status: { phase: 'Terminating' } }),
]);
const plugin = namespaceLifecycle(objects);

describe('namespaceLifecycle', () => {
  it('allows creating content in an existing, active namespace', async () => {
    await expect(plugin.validate(admissionAttributes({ object: cm('a', 'team-a') }))).resolves.toBeUndefined();
  });

  it('refuses creating content in a missing namespace with 404 namespaces "x" not found', async () => {
    const err = await statusOfAsync(() => plugin.validate(admissionAttributes({ object: cm('a', 'ghost') })));
    expect(err.status).toMatchObject({ code: 404, reason: 'NotFound', message: 'namespaces "ghost" not found' });
    expect(err.status.details).toEqual({ name: 'ghost', kind: 'namespaces' });
  });

  it('refuses creating content in a terminating namespace with 403 and the NamespaceTerminating cause', async () => {
    const err = await statusOfAsync(() => plugin.validate(admissionAttributes({ object: cm('a', 'leaving') })));
    expect(err.status.code).toBe(403);
    expect(err.status.reason).toBe('Forbidden');
    expect(err.status.message).toBe(
      'configmaps "a" is forbidden: unable to create new content in namespace leaving because it is being terminated',
    );
    expect(err.status.details).toEqual({
      name: 'a',
      kind: 'configmaps',
      causes: [{ reason: 'NamespaceTerminating', message: 'namespace leaving is being terminated', field: 'metadata.namespace' }],
    });
  });

  it('treats a namespace with a deletionTimestamp as terminating', async () => {
    const nl = namespaceLifecycle(new MemoryObjectLookup([ns('going', { metadata: { name: 'going', deletionTimestamp: '2024-01-01T00:00:00Z' } })]));
    const err = await statusOfAsync(() => nl.validate(admissionAttributes({ object: cm('a', 'going') })));
    expect(err.status.code).toBe(403);
  });

  it('names the object by its generateName before a name is generated', async () => {
    const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cfg-', namespace: 'leaving' } };
    const err = await statusOfAsync(() => plugin.validate(admissionAttributes({ object: obj })));
    expect(err.status.message).toMatch(/^configmaps "cfg-" is forbidden/);
  });

  it('allows updates in a terminating namespace but refuses them in a missing one', async () => {
    await expect(plugin.validate(admissionAttributes({ object: cm('a', 'leaving'), oldObject: cm('a', 'leaving') }))).resolves.toBeUndefined();
    const err = await statusOfAsync(() => plugin.validate(admissionAttributes({ object: cm('a', 'ghost'), oldObject: cm('a', 'ghost') })));
    expect(err.status.code).toBe(404);
  });

  it('allows deleting content anywhere', async () => {
    await expect(plugin.validate(admissionAttributes({ oldObject: cm('a', 'ghost') }))).resolves.toBeUndefined();
  });

  it.each(['default', 'kube-system', 'kube-public'])('refuses deleting the %s namespace', async (name) => {
    const err = await statusOfAsync(() => plugin.validate(admissionAttributes({ oldObject: ns(name) })));
    expect(err.status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message: `namespaces "${name}" is forbidden: this namespace may not be deleted`,
    });
  });

  it('allows deleting other namespaces, kube-node-lease included', async () => {
    await expect(plugin.validate(admissionAttributes({ oldObject: ns('team-a') }))).resolves.toBeUndefined();
    await expect(plugin.validate(admissionAttributes({ oldObject: ns('kube-node-lease') }))).resolves.toBeUndefined();
  });

  it('exempts namespaces themselves, cluster-scoped resources and localsubjectaccessreviews', async () => {
    await expect(plugin.validate(admissionAttributes({ object: ns('new') }))).resolves.toBeUndefined();
    const cr = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'x' } };
    await expect(plugin.validate(admissionAttributes({ object: cr }))).resolves.toBeUndefined();
    const lsar = { apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', metadata: { namespace: 'ghost' } };
    await expect(plugin.validate(admissionAttributes({ object: lsar }))).resolves.toBeUndefined();
  });

  it('handles CREATE, UPDATE and DELETE but not CONNECT', () => {
    expect(['CREATE', 'UPDATE', 'DELETE', 'CONNECT'].map((op) => plugin.handles!(op as 'CREATE'))).toEqual([true, true, true, false]);
  });

  it('can be given other immortal namespaces', async () => {
    const nl = namespaceLifecycle(objects, { immortalNamespaces: ['team-a'] });
    await expect(nl.validate(admissionAttributes({ oldObject: ns('default') }))).resolves.toBeUndefined();
    await expect(statusOfAsync(() => nl.validate(admissionAttributes({ oldObject: ns('team-a') })))).resolves.toMatchObject({
      code: 'Forbidden',
    });
  });
});
