/**
 * The "must show" list, driven through the real kubectl against a kube-lite the test
 * starts. What kubectl prints here must be what it prints against a real cluster.
 */
import { writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster, waitForOutput } from './harness.js';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster();
});
afterAll(async () => {
  await c?.stop();
});

describe('kubectl against kube-lite', () => {
  it('prints the server version', async () => {
    const r = await c.kubectl(['version']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Server Version: v1\.32\.0-apiserverkit/);
  });

  it('lists api-resources and api-versions from discovery', async () => {
    const r = await c.kubectl(['api-resources']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m);
    expect(r.stdout).toMatch(/^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    expect(r.stdout).toMatch(/^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m);
    const v = await c.kubectl(['api-versions']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout.split('\n')).toEqual(expect.arrayContaining(['v1', 'coordination.k8s.io/v1']));
  });

  it('creates and lists namespaces', async () => {
    const r = await c.kubectl(['create', 'namespace', 'team-a']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('namespace/team-a created');
    const g = await c.kubectl(['get', 'ns']);
    expect(g.stdout).toMatch(/^NAME\s+STATUS\s+AGE$/m);
    expect(g.stdout).toMatch(/^team-a\s+Active\s+\d+s$/m);
    expect(g.stdout).toMatch(/^default\s+Active\s+/m);
  });

  it('creates a configmap from literals and shows it as yaml and as a table', async () => {
    const r = await c.kubectl(['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=b=2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('configmap/cfg created');
    const y = await c.kubectl(['get', 'cm', 'cfg', '-o', 'yaml']);
    expect(y.code, y.stderr).toBe(0);
    expect(y.stdout).toMatch(/^apiVersion: v1$/m);
    expect(y.stdout).toMatch(/^kind: ConfigMap$/m);
    expect(y.stdout).toMatch(/^ {2}a: "1"$/m);
    expect(y.stdout).toMatch(/^ {2}uid: [0-9a-f-]{36}$/m);
    expect(y.stdout).toMatch(/^ {2}resourceVersion: "\d+"$/m);
    const t = await c.kubectl(['get', 'cm']);
    expect(t.stdout).toMatch(/^NAME\s+DATA\s+AGE$/m);
    expect(t.stdout).toMatch(/^cfg\s+2\s+\d+s$/m);
  });

  it('applies the same file twice (second is unchanged) and applies server-side', async () => {
    const file = join(c.dir, 'cm.yaml');
    await writeFile(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: v\n');
    const first = await c.kubectl(['apply', '-f', file]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim()).toBe('configmap/applied created');
    const second = await c.kubectl(['apply', '-f', file]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.trim()).toBe('configmap/applied unchanged');
    await writeFile(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  k: v2\n');
    const third = await c.kubectl(['apply', '-f', file]);
    expect(third.stdout.trim()).toBe('configmap/applied configured');

    const ssa = join(c.dir, 'ssa.yaml');
    await writeFile(ssa, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  x: "1"\n');
    const s1 = await c.kubectl(['apply', '--server-side', '-f', ssa]);
    expect(s1.code, s1.stderr).toBe(0);
    expect(s1.stdout.trim()).toBe('configmap/ssa serverside-applied');
    const got = await c.kubectl(['get', 'cm', 'ssa', '-o', 'jsonpath={.metadata.managedFields[0].manager}']);
    expect(got.stdout).toBe('kubectl');
  });

  it('edits through KUBE_EDITOR, labels, annotates, patches and deletes', async () => {
    await c.kubectl(['create', 'configmap', 'ed', '--from-literal=a=1']);
    const editor = join(c.dir, 'editor.sh');
    await writeFile(editor, '#!/bin/sh\nsed -i \'s/^  a: "1"$/  a: "edited"/\' "$1"\n');
    await chmod(editor, 0o755);
    const e = await c.kubectl(['edit', 'cm', 'ed'], { env: { KUBE_EDITOR: editor } });
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout.trim()).toBe('configmap/ed edited');
    expect((await c.kubectl(['get', 'cm', 'ed', '-o', 'jsonpath={.data.a}'])).stdout).toBe('edited');

    const l = await c.kubectl(['label', 'cm', 'ed', 'tier=web']);
    expect(l.stdout.trim()).toBe('configmap/ed labeled');
    const a = await c.kubectl(['annotate', 'cm', 'ed', 'note=hi']);
    expect(a.stdout.trim()).toBe('configmap/ed annotated');
    const sel = await c.kubectl(['get', 'cm', '-l', 'tier=web', '-o', 'name']);
    expect(sel.stdout.trim()).toBe('configmap/ed');

    const m = await c.kubectl(['patch', 'cm', 'ed', '--type=merge', '-p', '{"data":{"b":"2"}}']);
    expect(m.stdout.trim()).toBe('configmap/ed patched');
    const j = await c.kubectl(['patch', 'cm', 'ed', '--type=json', '-p', '[{"op":"remove","path":"/data/a"}]']);
    expect(j.stdout.trim()).toBe('configmap/ed patched');
    expect((await c.kubectl(['get', 'cm', 'ed', '-o', 'jsonpath={.data}'])).stdout).toBe('{"b":"2"}');

    const d = await c.kubectl(['delete', 'cm', 'ed']);
    expect(d.stdout.trim()).toBe('configmap "ed" deleted');
    const gone = await c.kubectl(['get', 'cm', 'ed']);
    expect(gone.code).toBe(1);
    expect(gone.stderr.trim()).toBe('Error from server (NotFound): configmaps "ed" not found');
  });

  it('streams a change made by another process to get -w', async () => {
    await c.kubectl(['create', 'configmap', 'watched', '--from-literal=a=1']);
    const w = c.spawnKubectl(['get', 'cm', 'watched', '-w', '--output-watch-events']);
    try {
      await waitForOutput(w, /ADDED\s+watched/);
      const changed = waitForOutput(w, /MODIFIED\s+watched/);
      const p = await c.kubectl(['patch', 'cm', 'watched', '--type=merge', '-p', '{"data":{"b":"2"}}']);
      expect(p.code, p.stderr).toBe(0);
      expect(await changed).toMatch(/MODIFIED\s+watched\s+2\s+/);
    } finally {
      w.kill();
    }
  });

  it('deletes a namespace together with its content, waiting until it is gone', async () => {
    expect((await c.kubectl(['create', 'namespace', 'doomed'])).code).toBe(0);
    expect((await c.kubectl(['create', 'configmap', 'inside', '-n', 'doomed', '--from-literal=a=1'])).code).toBe(0);
    const d = await c.kubectl(['delete', 'namespace', 'doomed']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout.trim()).toBe('namespace "doomed" deleted');
    const gone = await c.kubectl(['get', 'namespace', 'doomed']);
    expect(gone.stderr.trim()).toBe('Error from server (NotFound): namespaces "doomed" not found');
    const orphan = await c.kubectl(['create', 'configmap', 'late', '-n', 'doomed']);
    expect(orphan.stderr.trim()).toBe('error: failed to create configmap: namespaces "doomed" not found');
  });

  it('creates secrets and service accounts with the typed commands', async () => {
    expect((await c.kubectl(['create', 'secret', 'generic', 's1', '--from-literal=k=v'])).stdout.trim()).toBe('secret/s1 created');
    const s = await c.kubectl(['get', 'secret', 's1']);
    expect(s.stdout).toMatch(/^NAME\s+TYPE\s+DATA\s+AGE$/m);
    expect(s.stdout).toMatch(/^s1\s+Opaque\s+1\s+\d+s$/m);
    expect((await c.kubectl(['get', 'secret', 's1', '-o', 'jsonpath={.data.k}'])).stdout).toBe(Buffer.from('v').toString('base64'));
    expect((await c.kubectl(['create', 'serviceaccount', 'robot'])).stdout.trim()).toBe('serviceaccount/robot created');
    expect((await c.kubectl(['get', 'sa', 'robot'])).stdout).toMatch(/^robot\s+0\s+\d+s$/m);
  });

  it('reads /readyz?verbose raw', async () => {
    const r = await c.kubectl(['get', '--raw', '/readyz?verbose']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^\[\+\]ping ok$/m);
    expect(r.stdout).toMatch(/^\[\+\]etcd ok$/m);
    expect(r.stdout).toMatch(/readyz check passed/);
  });

  it('prints server errors exactly as against a cluster', async () => {
    const nf = await c.kubectl(['get', 'cm', 'nope']);
    expect(nf.stderr.trim()).toBe('Error from server (NotFound): configmaps "nope" not found');

    await c.kubectl(['create', 'configmap', 'dup']);
    const ae = await c.kubectl(['create', 'configmap', 'dup']);
    expect(ae.stderr.trim()).toBe('error: failed to create configmap: configmaps "dup" already exists');

    const inv = await c.kubectl(['create', 'configmap', 'Bad_Name']);
    expect(inv.stderr.trim()).toMatch(
      /^error: failed to create configmap: ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/,
    );

    const dupFile = join(c.dir, 'dup.yaml');
    await writeFile(dupFile, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n');
    const aeFile = await c.kubectl(['create', '-f', dupFile]);
    expect(aeFile.stderr.trim()).toBe(`Error from server (AlreadyExists): error when creating "${dupFile}": configmaps "dup" already exists`);

    const badFile = join(c.dir, 'bad.yaml');
    await writeFile(badFile, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n');
    const invFile = await c.kubectl(['create', '-f', badFile]);
    expect(invFile.stderr.trim()).toBe(
      `The ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );

    const file = join(c.dir, 'stale.yaml');
    const current = await c.kubectl(['get', 'cm', 'dup', '-o', 'jsonpath={.metadata.resourceVersion}']);
    await c.kubectl(['label', 'cm', 'dup', 'x=y']);
    await writeFile(file, `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  resourceVersion: "${current.stdout}"\ndata:\n  a: b\n`);
    const conflict = await c.kubectl(['replace', '-f', file]);
    expect(conflict.stderr.trim()).toBe(
      `Error from server (Conflict): error when replacing "${file}": Operation cannot be fulfilled on configmaps "dup": the object has been modified; please apply your changes to the latest version and try again`,
    );
  });
});
