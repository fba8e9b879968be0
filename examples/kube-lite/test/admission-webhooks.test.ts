/**
 * Dynamic admission webhooks through the real kubectl: webhook configurations applied with
 * `kubectl apply -f`, webhooks served over HTTPS by the test, and what kubectl prints must be
 * what it prints against kube-apiserver. Each test's webhooks select only its own namespaces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdmissionCluster, startAdmissionCluster, webhookConfigurationYaml } from './admission-cluster.js';
import { type TestWebhookServer, allow, closedPort, deny, startWebhookServer } from './admission-webhook-server.js';

let c: AdmissionCluster;
let hooks: TestWebhookServer;
let downPort: number;

beforeAll(async () => {
  [c, hooks, downPort] = await Promise.all([
    startAdmissionCluster(),
    startWebhookServer({
      '/deny-forbidden': () => deny('configmaps need an owner label', 403, 'Forbidden'),
      '/deny-bare': () => deny('configmaps are read-only here'),
      '/mutate': () =>
        allow({
          patch: [
            { op: 'add', path: '/metadata/labels', value: { 'mutated-by': 'example' } },
            { op: 'add', path: '/metadata/annotations', value: { 'example.com/note': 'hello' } },
          ],
        }),
      '/warn': (req) => allow({ warnings: [`configmap ${req.name ?? ''} uses a deprecated layout`] }),
      '/allow': () => allow(),
      '/hang': () => 'hang',
    }),
    closedPort(),
  ]);
});
afterAll(async () => {
  await c?.stop();
  await hooks?.close();
});

const callsTo = (path: string) => hooks.calls.filter((x) => x.path === path).map((x) => x.request);

describe('admission webhooks through kubectl', () => {
  it("blocks a create with the webhook's message, printed as kubectl prints kube's denials", async () => {
    await c.createNamespaces('deny-forbidden', 'deny-bare');
    await c.applyWebhooks('ValidatingWebhookConfiguration', 'deny', [
      { name: 'deny.example.com', url: hooks.url('/deny-forbidden'), caBundle: hooks.caBundle, namespace: 'deny-forbidden' },
      { name: 'deny-bare.example.com', url: hooks.url('/deny-bare'), caBundle: hooks.caBundle, namespace: 'deny-bare' },
    ]);

    const typed = await c.kubectl(['create', 'configmap', 'x', '-n', 'deny-forbidden']);
    expect(typed.code).toBe(1);
    expect(typed.stdout).toBe('');
    expect(typed.stderr.trim()).toBe(
      'error: failed to create configmap: admission webhook "deny.example.com" denied the request: configmaps need an owner label',
    );

    // The webhook's 403 and reason reach the client as they are: kubectl names the reason.
    const file = await c.file('denied.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: deny-forbidden\n');
    const fromFile = await c.kubectl(['create', '-f', file, '-v=6']);
    expect(fromFile.code).toBe(1);
    expect(fromFile.stderr).toMatch(/POST https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/deny-forbidden\/configmaps\?\S* 403 Forbidden in \d+ milliseconds/);
    expect(lastLine(fromFile.stderr)).toBe(
      `Error from server (Forbidden): error when creating "${file}": admission webhook "deny.example.com" denied the request: configmaps need an owner label`,
    );

    // A denial with neither code nor reason is a 400 without a reason, which kubectl prints bare.
    const bareFile = await c.file('bare.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  namespace: deny-bare\n');
    const bare = await c.kubectl(['create', '-f', bareFile, '-v=6']);
    expect(bare.code).toBe(1);
    expect(bare.stderr).toMatch(/POST https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/deny-bare\/configmaps\?\S* 400 Bad Request in \d+ milliseconds/);
    expect(lastLine(bare.stderr)).toBe(
      `Error from server: error when creating "${bareFile}": admission webhook "deny-bare.example.com" denied the request: configmaps are read-only here`,
    );

    expect((await c.kubectl(['get', 'cm', '-n', 'deny-forbidden', '-o', 'name'])).stdout).toBe('');
  });

  it("stores the mutating webhook's JSONPatch: the label and annotation show in get -o yaml", async () => {
    await c.createNamespaces('mutate');
    await c.applyWebhooks('MutatingWebhookConfiguration', 'mutate', [
      { name: 'mutate.example.com', url: hooks.url('/mutate'), caBundle: hooks.caBundle, namespace: 'mutate' },
    ]);
    const r = await c.kubectl(['create', 'configmap', 'x', '-n', 'mutate', '--from-literal=a=1']);
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('configmap/x created');
    const y = await c.kubectl(['get', 'cm', 'x', '-n', 'mutate', '-o', 'yaml']);
    expect(y.code, y.stderr).toBe(0);
    expect(y.stdout).toMatch(/^ {2}labels:\n {4}mutated-by: example$/m);
    expect(y.stdout).toMatch(/^ {2}annotations:\n {4}example\.com\/note: hello$/m);
    expect(y.stdout).toMatch(/^ {2}a: "1"$/m);
    expect(callsTo('/mutate').map((x) => [x.operation, x.name, x.namespace])).toEqual([['CREATE', 'x', 'mutate']]);
  });

  it("prints the webhook's warning as kubectl's Warning: line on stderr", async () => {
    await c.createNamespaces('warn');
    await c.applyWebhooks('ValidatingWebhookConfiguration', 'warn', [
      { name: 'warn.example.com', url: hooks.url('/warn'), caBundle: hooks.caBundle, namespace: 'warn' },
    ]);
    const r = await c.kubectl(['create', 'configmap', 'old', '-n', 'warn']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('configmap/old created');
    expect(r.stderr).toBe('Warning: configmap old uses a deprecated layout\n');
  });

  it('lets requests through a webhook that is down or hangs with failurePolicy Ignore, and fails them with Fail', async () => {
    await c.createNamespaces('down-ignore', 'down-fail', 'hang-ignore', 'hang-fail');
    const down = `https://127.0.0.1:${downPort}/down`;
    const common = { caBundle: hooks.caBundle, timeoutSeconds: 1 };
    await c.applyWebhooks('ValidatingWebhookConfiguration', 'unreachable', [
      { ...common, name: 'down-ignore.example.com', url: down, namespace: 'down-ignore', failurePolicy: 'Ignore' },
      { ...common, name: 'down-fail.example.com', url: down, namespace: 'down-fail', failurePolicy: 'Fail' },
      { ...common, name: 'hang-ignore.example.com', url: hooks.url('/hang'), namespace: 'hang-ignore', failurePolicy: 'Ignore' },
      { ...common, name: 'hang-fail.example.com', url: hooks.url('/hang'), namespace: 'hang-fail', failurePolicy: 'Fail' },
    ]);
    // --request-timeout=10s: a server that held the request past the webhook's 1s until kubectl
    // gave up would make kubectl print its own client timeout instead of the server's answer.
    const create = (ns: string) => c.kubectl(['create', 'configmap', 'x', '-n', ns, '--request-timeout=10s']);
    const [downIgnore, downFail, hangIgnore, hangFail] = await Promise.all([
      create('down-ignore'),
      create('down-fail'),
      create('hang-ignore'),
      create('hang-fail'),
    ]);

    expect(downIgnore.stderr).toBe('');
    expect(downIgnore.stdout.trim()).toBe('configmap/x created');
    expect(hangIgnore.stderr).toBe('');
    expect(hangIgnore.stdout.trim()).toBe('configmap/x created');

    expect(downFail.code).toBe(1);
    expect(downFail.stderr.trim()).toBe(
      `error: failed to create configmap: Internal error occurred: failed calling webhook "down-fail.example.com": failed to call webhook: ` +
        `Post "https://127.0.0.1:${downPort}/down?timeout=1s": dial tcp 127.0.0.1:${downPort}: connect: connection refused`,
    );
    expect(hangFail.code).toBe(1);
    expect(hangFail.stderr.trim()).toBe(
      `error: failed to create configmap: Internal error occurred: failed calling webhook "hang-fail.example.com": failed to call webhook: ` +
        `Post "https://127.0.0.1:${hooks.port}/hang?timeout=1s": context deadline exceeded`,
    );
    expect(callsTo('/hang').map((x) => x.namespace).sort()).toEqual(['hang-fail', 'hang-ignore']);
    const left = await c.kubectl(['get', 'cm', '-A', '--field-selector=metadata.name=x', '-o', 'jsonpath={.items[*].metadata.namespace}']);
    expect(left.stdout.split(' ').filter((ns) => /^(down|hang)-/.test(ns)).sort()).toEqual(['down-ignore', 'hang-ignore']);
  });

  it('refuses dry-run requests for webhooks with side effects and allows them for None and NoneOnDryRun', async () => {
    const namespaces = ['dry-none', 'dry-noneondryrun', 'dry-some', 'dry-unknown'];
    await c.createNamespaces(...namespaces);
    const hook = (name: string, namespace: string) => ({ name, url: hooks.url('/allow'), caBundle: hooks.caBundle, namespace });

    // The v1 API only takes None and NoneOnDryRun, as kube's does ...
    const refused = await c.file(
      'side-effects.yaml',
      webhookConfigurationYaml('ValidatingWebhookConfiguration', 'side-effects', [
        { ...hook('some.example.com', 'dry-some'), sideEffects: 'Some' },
      ]),
    );
    const apply = await c.kubectl(['apply', '-f', refused]);
    expect(apply.code).toBe(1);
    expect(apply.stderr.trim()).toBe(
      `The ValidatingWebhookConfiguration "side-effects" is invalid: webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"`,
    );

    // ... so Some and Unknown are stored the way a cluster upgraded from v1beta1 holds them.
    await c.applyWebhooks('ValidatingWebhookConfiguration', 'side-effects', [
      { ...hook('none.example.com', 'dry-none'), sideEffects: 'None' },
      { ...hook('none-on-dry-run.example.com', 'dry-noneondryrun'), sideEffects: 'NoneOnDryRun' },
      { ...hook('some.example.com', 'dry-some'), sideEffects: 'None' },
      { ...hook('unknown.example.com', 'dry-unknown'), sideEffects: 'None' },
    ]);
    await c.storage.guaranteedUpdate('/registry/admissionregistration.k8s.io/validatingwebhookconfigurations/side-effects', {
      async tryUpdate(current) {
        if (!current) throw new Error('side-effects is not stored');
        const webhooks = structuredClone(current.webhooks as Array<Record<string, unknown>>);
        webhooks[2]!.sideEffects = 'Some';
        webhooks[3]!.sideEffects = 'Unknown';
        return { ...current, webhooks };
      },
    });
    const stored = await c.kubectl(['get', 'validatingwebhookconfiguration', 'side-effects', '-o', 'jsonpath={.webhooks[*].sideEffects}']);
    expect(stored.stdout).toBe('None NoneOnDryRun Some Unknown');

    const dryRun = (ns: string) => c.kubectl(['create', 'configmap', 'y', '-n', ns, '--dry-run=server']);
    for (const ns of ['dry-none', 'dry-noneondryrun']) {
      const r = await dryRun(ns);
      expect(r.stderr, ns).toBe('');
      expect(r.stdout.trim(), ns).toBe('configmap/y created (server dry run)');
    }
    expect(callsTo('/allow').map((x) => [x.namespace, x.dryRun])).toEqual([
      ['dry-none', true],
      ['dry-noneondryrun', true],
    ]);
    for (const [ns, name] of [
      ['dry-some', 'some.example.com'],
      ['dry-unknown', 'unknown.example.com'],
    ] as const) {
      const r = await dryRun(ns);
      expect(r.code, ns).toBe(1);
      expect(r.stderr.trim(), ns).toBe(`error: failed to create configmap: admission webhook "${name}" does not support dry run`);
    }
    expect(callsTo('/allow')).toHaveLength(2);
    // Without dry run the same webhooks are called and allow.
    const real = await c.kubectl(['create', 'configmap', 'y', '-n', 'dry-some']);
    expect(real.stdout.trim(), real.stderr).toBe('configmap/y created');
    expect(callsTo('/allow').map((x) => [x.namespace, x.dryRun])).toContainEqual(['dry-some', false]);
  });
});

function lastLine(text: string): string {
  return text.trim().split('\n').at(-1) ?? '';
}
