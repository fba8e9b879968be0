/**
 * ValidatingAdmissionPolicy with kube-lite and the real kubectl: a policy and binding applied
 * from YAML deny with their message, warn with Warn, and stop applying once deleted.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cluster, startCluster } from './harness.js';

let c: Cluster;
beforeAll(async () => {
  c = await startCluster();
});
afterAll(async () => {
  await c?.stop();
});

function policyYaml(name: string, actions: string[], expression: string, message: string, namespace: string): string {
  return `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: ${name}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups: [""]
      apiVersions: ["v1"]
      operations: ["CREATE", "UPDATE"]
      resources: ["configmaps"]
  validations:
  - expression: ${JSON.stringify(expression)}
    message: ${JSON.stringify(message)}
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: ${name}-binding
spec:
  policyName: ${name}
  validationActions: [${actions.join(', ')}]
  matchResources:
    namespaceSelector:
      matchLabels:
        kubernetes.io/metadata.name: ${namespace}
`;
}

describe('ValidatingAdmissionPolicy through kubectl', () => {
  it('denies with the policy message once applied from YAML, and stops once deleted', async () => {
    expect((await c.kubectl(['create', 'namespace', 'owned'])).code).toBe(0);
    const file = join(c.dir, 'require-owner.yaml');
    await writeFile(file, policyYaml('require-owner', ['Deny'], "has(object.metadata.labels) && 'owner' in object.metadata.labels", 'configmaps need an owner label', 'owned'));
    const applied = await c.kubectl(['apply', '-f', file]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('validatingadmissionpolicy.admissionregistration.k8s.io/require-owner created');

    const denied = await c.kubectl(['create', 'configmap', 'x', '-n', 'owned']);
    expect(denied.stderr.trim()).toBe(
      "error: failed to create configmap: configmaps \"x\" is forbidden: ValidatingAdmissionPolicy 'require-owner' with binding 'require-owner-binding' denied request: configmaps need an owner label",
    );
    const cm = join(c.dir, 'owned-cm.yaml');
    await writeFile(cm, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n  namespace: owned\n  labels:\n    owner: team-a\n');
    expect((await c.kubectl(['create', '-f', cm])).code).toBe(0);
    expect((await c.kubectl(['create', 'configmap', 'elsewhere', '-n', 'default'])).code).toBe(0);

    expect((await c.kubectl(['delete', '-f', file])).code).toBe(0);
    const after = await c.kubectl(['create', 'configmap', 'x', '-n', 'owned']);
    expect(after.code, after.stderr).toBe(0);
  });

  it('prints a Warn binding as a kubectl warning and lets the request through', async () => {
    expect((await c.kubectl(['create', 'namespace', 'warned'])).code).toBe(0);
    const file = join(c.dir, 'small.yaml');
    await writeFile(file, policyYaml('small-data', ['Warn'], '!has(object.data) || size(object.data) <= 1', 'keep configmaps small', 'warned'));
    expect((await c.kubectl(['apply', '-f', file])).code).toBe(0);
    const r = await c.kubectl(['create', 'configmap', 'big', '-n', 'warned', '--from-literal=a=1', '--from-literal=b=2']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.trim()).toBe(
      "Warning: Validation failed for ValidatingAdmissionPolicy 'small-data' with binding 'small-data-binding': keep configmaps small",
    );
    expect(r.stdout.trim()).toBe('configmap/big created');
  });
});
