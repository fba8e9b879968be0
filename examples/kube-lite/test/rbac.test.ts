/**
 * RBAC with kube-lite and the real kubectl: can-i, can-i --list, the create role / binding
 * commands with the exact Forbidden text, escalation prevention, and ClusterRole aggregation.
 * Users other than the admin are reached with `--as` (the admin is in system:masters, which
 * may impersonate), so each request is authorized as that user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster, waitForOutput } from './harness.js';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster();
  expect((await c.kubectl(['create', 'namespace', 'dev'])).code).toBe(0);
});
afterAll(async () => {
  await c?.stop();
});

const forbidden = (user: string, verb: string, resource: string, ns: string, group = '') =>
  `Error from server (Forbidden): ${resource}${group ? `.${group}` : ''} is forbidden: User "${user}" cannot ${verb} resource "${resource}" in API group "${group}" in the namespace "${ns}"`;

describe('RBAC through kubectl', () => {
  it('answers auth can-i yes and no for several users', async () => {
    const admin = await c.kubectl(['auth', 'can-i', 'delete', 'secrets', '-n', 'dev']);
    expect(admin.stdout.trim()).toBe('yes');
    const alice = await c.kubectl(['auth', 'can-i', 'list', 'configmaps', '-n', 'dev', '--as=alice']);
    expect(alice.stdout.trim()).toBe('no');
    expect(alice.code).toBe(1);
    const anyone = await c.kubectl(['auth', 'can-i', 'create', 'selfsubjectaccessreviews', '--as=alice']);
    expect(anyone.stdout.trim()).toBe('yes');
  });

  it('grants with create role and rolebinding: the granted user can, the others cannot', async () => {
    expect((await c.kubectl(['create', 'role', 'cm-reader', '--verb=get,list', '--resource=configmaps', '-n', 'dev'])).stdout.trim()).toBe(
      'role.rbac.authorization.k8s.io/cm-reader created',
    );
    expect((await c.kubectl(['create', 'rolebinding', 'alice-reads', '--role=cm-reader', '--user=alice', '-n', 'dev'])).stdout.trim()).toBe(
      'rolebinding.rbac.authorization.k8s.io/alice-reads created',
    );
    const alice = await c.kubectl(['get', 'configmaps', '-n', 'dev', '--as=alice']);
    expect(alice.code, alice.stderr).toBe(0);
    const bob = await c.kubectl(['get', 'configmaps', '-n', 'dev', '--as=bob']);
    expect(bob.stderr.trim()).toBe(forbidden('bob', 'list', 'configmaps', 'dev'));
    const aliceElsewhere = await c.kubectl(['get', 'configmaps', '-n', 'default', '--as=alice']);
    expect(aliceElsewhere.stderr.trim()).toBe(forbidden('alice', 'list', 'configmaps', 'default'));
    const aliceWrites = await c.kubectl(['create', 'configmap', 'x', '-n', 'dev', '--as=alice']);
    expect(aliceWrites.stderr.trim()).toBe(
      'error: failed to create configmap: configmaps is forbidden: User "alice" cannot create resource "configmaps" in API group "" in the namespace "dev"',
    );
  });

  it('grants cluster-wide with create clusterrole and clusterrolebinding', async () => {
    expect((await c.kubectl(['create', 'clusterrole', 'ns-reader', '--verb=get,list,watch', '--resource=namespaces'])).code).toBe(0);
    expect((await c.kubectl(['create', 'clusterrolebinding', 'carol-ns', '--clusterrole=ns-reader', '--user=carol'])).code).toBe(0);
    const carol = await c.kubectl(['get', 'ns', '-o', 'name', '--as=carol']);
    expect(carol.stdout).toMatch(/^namespace\/dev$/m);
    const dave = await c.kubectl(['get', 'ns', '--as=dave']);
    expect(dave.stderr.trim()).toBe(
      'Error from server (Forbidden): namespaces is forbidden: User "dave" cannot list resource "namespaces" in API group "" at the cluster scope',
    );
  });

  it('lists the rules of a user with auth can-i --list', async () => {
    const r = await c.kubectl(['auth', 'can-i', '--list', '-n', 'dev', '--as=alice']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/m);
    expect(r.stdout).toMatch(/^configmaps\s+\[\]\s+\[\]\s+\[get list\]$/m);
    expect(r.stdout).toMatch(/^selfsubjectaccessreviews\.authorization\.k8s\.io\s+\[\]\s+\[\]\s+\[create\]$/m);
    expect(r.stdout).toMatch(/^\s+\[\/healthz\]\s+\[\]\s+\[get\]$/m);
  });

  it('refuses a binding that would escalate, then allows it once the user may bind the role', async () => {
    await c.kubectl(['create', 'role', 'binder', '--verb=create', '--resource=rolebindings', '-n', 'dev']);
    await c.kubectl(['create', 'rolebinding', 'erin-binder', '--role=binder', '--user=erin', '-n', 'dev']);
    await c.kubectl(['create', 'role', 'secret-reader', '--verb=get', '--resource=secrets', '-n', 'dev']);
    const refused = await c.kubectl(['create', 'rolebinding', 'frank-secrets', '--role=secret-reader', '--user=frank', '-n', 'dev', '--as=erin']);
    expect(refused.stderr.trim()).toBe(
      'error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "frank-secrets" is forbidden: user "erin" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
    );
    await c.kubectl(['create', 'role', 'may-bind', '--verb=bind', '--resource=roles', '--resource-name=secret-reader', '-n', 'dev']);
    await c.kubectl(['create', 'rolebinding', 'erin-may-bind', '--role=may-bind', '--user=erin', '-n', 'dev']);
    const allowed = await c.kubectl(['create', 'rolebinding', 'frank-secrets', '--role=secret-reader', '--user=frank', '-n', 'dev', '--as=erin']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect((await c.kubectl(['auth', 'can-i', 'get', 'secrets', '-n', 'dev', '--as=frank'])).stdout.trim()).toBe('yes');
  });

  it('widens view at once when a ClusterRole labelled aggregate-to-view appears', async () => {
    expect((await c.kubectl(['auth', 'can-i', 'list', 'leases.coordination.k8s.io', '-n', 'dev', '--as=grace'])).stdout.trim()).toBe('no');
    await c.kubectl(['create', 'rolebinding', 'grace-view', '--clusterrole=view', '--user=grace', '-n', 'dev']);
    const w = c.spawnKubectl(['get', 'clusterrole', 'view', '-w', '-o', 'jsonpath={.rules[*].resources}{"\\n"}']);
    try {
      await waitForOutput(w, /configmaps/);
      const widened = waitForOutput(w, /leases/);
      const role = await c.kubectl(['create', 'clusterrole', 'lease-viewer', '--verb=get,list', '--resource=leases.coordination.k8s.io']);
      expect(role.code, role.stderr).toBe(0);
      const label = await c.kubectl(['label', 'clusterrole', 'lease-viewer', 'rbac.authorization.k8s.io/aggregate-to-view=true']);
      expect(label.code, label.stderr).toBe(0);
      await widened;
    } finally {
      w.kill();
    }
    expect((await c.kubectl(['auth', 'can-i', 'list', 'leases.coordination.k8s.io', '-n', 'dev', '--as=grace'])).stdout.trim()).toBe('yes');
  });
});
