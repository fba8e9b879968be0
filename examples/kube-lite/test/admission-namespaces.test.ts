/**
 * The built-in admission plugins through the real kubectl: NamespaceLifecycle (terminating and
 * immortal namespaces, with a namespace held by a finalizer) and ResourceQuota object counts.
 * Waiting is done by kubectl's own watch (`kubectl wait --for=delete`), never by sleeping.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdmissionCluster, startAdmissionCluster } from './admission-cluster.js';

let c: AdmissionCluster;
beforeAll(async () => {
  c = await startAdmissionCluster();
});
afterAll(async () => {
  await c?.stop();
});

describe('namespace lifecycle and quota admission through kubectl', () => {
  it('empties a namespace held by a finalizer, refuses new content while it terminates, and lets it go once released', async () => {
    await c.createNamespaces('doomed');
    const cm = await c.kubectl(['create', 'configmap', 'inside', '-n', 'doomed', '--from-literal=a=1']);
    expect(cm.stdout.trim(), cm.stderr).toBe('configmap/inside created');
    const hold = await c.kubectl(['patch', 'ns', 'doomed', '--type=merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}']);
    expect(hold.stdout.trim(), hold.stderr).toBe('namespace/doomed patched');

    const del = await c.kubectl(['delete', 'ns', 'doomed', '--wait=false']);
    expect(del.stderr).toBe('');
    expect(del.stdout.trim()).toBe('namespace "doomed" deleted');

    // kubectl's own watch until the namespace controller deleted the content.
    const emptied = await c.kubectl(['wait', '--for=delete', 'configmap/inside', '-n', 'doomed', '--timeout=20s']);
    expect(emptied.code, emptied.stderr).toBe(0);
    const list = await c.kubectl(['get', 'cm', '-n', 'doomed']);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe('');
    expect(list.stderr.trim()).toBe('No resources found in doomed namespace.');

    const late = await c.kubectl(['create', 'configmap', 'late', '-n', 'doomed']);
    expect(late.code).toBe(1);
    expect(late.stderr.trim()).toBe(
      'error: failed to create configmap: configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    );

    const ns = await c.kubectl(['get', 'ns', 'doomed']);
    expect(ns.code, ns.stderr).toBe(0);
    expect(ns.stdout).toMatch(/^doomed\s+Terminating\s+\d+s$/m);
    const finalizers = await c.kubectl(['get', 'ns', 'doomed', '-o', 'jsonpath={.metadata.finalizers}']);
    expect(finalizers.stdout).toBe('["example.com/hold"]');

    const release = await c.kubectl(['patch', 'ns', 'doomed', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']);
    expect(release.stdout.trim(), release.stderr).toBe('namespace/doomed patched');
    const gone = await c.kubectl(['wait', '--for=delete', 'namespace/doomed', '--timeout=20s']);
    expect(gone.code, gone.stderr).toBe(0);
    const after = await c.kubectl(['get', 'ns', 'doomed']);
    expect(after.stderr.trim()).toBe('Error from server (NotFound): namespaces "doomed" not found');
  });

  it("refuses the configmap past a count/configmaps quota with kube's exceeded quota message", async () => {
    await c.createNamespaces('qns');
    const q = await c.kubectl(['create', 'quota', 'q', '--hard=count/configmaps=2', '-n', 'qns']);
    expect(q.stderr).toBe('');
    expect(q.stdout.trim()).toBe('resourcequota/q created');
    for (const name of ['one', 'two']) {
      const r = await c.kubectl(['create', 'configmap', name, '-n', 'qns']);
      expect(r.stdout.trim(), r.stderr).toBe(`configmap/${name} created`);
    }
    const third = await c.kubectl(['create', 'configmap', 'three', '-n', 'qns']);
    expect(third.code).toBe(1);
    expect(third.stderr.trim()).toBe(
      'error: failed to create configmap: configmaps "three" is forbidden: exceeded quota: q, requested: count/configmaps=1, used: count/configmaps=2, limited: count/configmaps=2',
    );
    const file = await c.file('three.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: three\n  namespace: qns\n');
    const fromFile = await c.kubectl(['create', '-f', file]);
    expect(fromFile.stderr.trim()).toBe(
      `Error from server (Forbidden): error when creating "${file}": configmaps "three" is forbidden: exceeded quota: q, requested: count/configmaps=1, used: count/configmaps=2, limited: count/configmaps=2`,
    );
    const names = await c.kubectl(['get', 'cm', '-n', 'qns', '-o', 'name']);
    expect(names.stdout.trim().split('\n')).toEqual(['configmap/one', 'configmap/two']);
  });

  it('refuses to delete the default namespace', async () => {
    const r = await c.kubectl(['delete', 'namespace', 'default']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted');
    const still = await c.kubectl(['get', 'ns', 'default', '-o', 'jsonpath={.status.phase}']);
    expect(still.stdout).toBe('Active');
  });
});
