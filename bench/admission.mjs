/* global console, process, URL */
/**
 * Admission bench: what our admission chain costs per request, in process and over a loopback
 * webhook, each measured in one run against its floor.
 *
 * In process (tinybench), per request for a typical ConfigMap CREATE:
 *
 *   ours        admissionAttributes({ object: <fresh copy> }), then mutatingChain(3-op JSON
 *               patch plugin).admit(attrs), then validatingChain(validatingAdmissionPolicy(one
 *               policy, 10 validations, bound to configmaps)).validate(attrs)
 *   raw CEL     the same 10 expressions compiled once by the same engine (the very programs
 *               the policy uses), each run directly on one prepared activation: the CEL floor
 *   raw patch   fast-json-patch applyPatch of the same 3 ops on a clone: the patch floor
 *   overhead    ours − (raw CEL + raw patch), µs per request, and ours ÷ floors
 *
 * Loopback webhook (bench/admission-webhook.mjs; sequential calls after a warmup, in alternating
 * blocks), against servers in a child process, so client and server each have a core:
 *
 *   ours        validatingWebhooks({ source: memoryWebhookConfigSource(...) }).validate(attrs)
 *               against admissionWebhook(plugin) on node:https at 127.0.0.1, caBundle from a CA
 *               made with @apiserver-kit/pki: p50 / p99 of the whole validate() call
 *   floor       a bare node:https server that answers the precomputed AdmissionReview response
 *               (the bytes ours answers) to an equivalent POST (the review ours sends, as
 *               precomputed text), made with the same https.request options and global agent
 *   split       ours client against the floor server (with the request's uid spliced into its
 *               answer, so ours accepts it), and the floor client against ours server
 *
 * Everything is checked before timing: ours admits the request and denies a bad one, the raw
 * CEL programs all say true, the patched objects are deep-equal, and every webhook pairing answers.
 * Prints markdown tables. About 15 s.
 *
 *   npm run build && node bench/admission.mjs
 *   BENCH_TIME_MS=300 WEBHOOK_CALLS=500 WEBHOOK_WARMUP=500 node bench/admission.mjs   # quicker, noisier
 *
 * @example
 * // node bench/admission.mjs
 * // | case | mean µs | p50 µs | ...
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import { mutatingChain, validatingChain } from '@apiserver-kit/core';
import {
  celNamespaceObject,
  celRequest,
  createCelEngine,
  defaultPolicy,
  defaultPolicyBinding,
  memoryPolicySource,
  validatingAdmissionPolicy,
} from '@apiserver-kit/admission';
import { admissionAttributes } from '@apiserver-kit/admission/testing';
import { webhookReport, webhookRoundTrips } from './admission-webhook.mjs';
import { fmt, markdownTable } from './table.mjs';

// The fast-json-patch the admission package depends on (resolved from there, not hoisting luck).
const jsonpatch = createRequire(new URL('../packages/admission/package.json', import.meta.url))('fast-json-patch');

const time = Number(process.env.BENCH_TIME_MS ?? 1000);
const CALLS = Number(process.env.WEBHOOK_CALLS ?? 2000);
// Ours needs about 2,000 calls before the JIT settles; fewer leave compilation in the p99.
const WARMUP_CALLS = Number(process.env.WEBHOOK_WARMUP ?? 2000);
let sink = 0;

// --- the request, the mutation, the policy ---------------------------------------------------

const template = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'web-config',
    namespace: 'default',
    labels: { app: 'web', env: 'prod' },
    annotations: { 'example.com/owner': 'team-web' },
  },
  data: {
    'log-level': 'debug',
    'listen-addr': ':8080',
    timeout: '30s',
    'feature-flags': 'search,checkout,beta-ui',
    'config.yaml': 'server:\n  port: 8080\n  replicas: 3\ncache:\n  ttl: 60s\n',
  },
};

const ops = [
  { op: 'add', path: '/metadata/labels/team', value: 'web-platform' },
  { op: 'add', path: '/metadata/annotations/example.com~1mutated-by', value: 'bench-mutator' },
  { op: 'replace', path: '/data/log-level', value: 'info' },
];

/** The mutating plugin: 3 JSON patch operations applied to the object in place. */
const patcher = {
  name: 'BenchPatcher',
  async admit(attrs) {
    if (attrs.object) jsonpatch.applyPatch(attrs.object, ops, false, true);
  },
};

// Ten validations of the shapes policies use: names, labels (one the mutation adds), data
// keys and sizes, annotations, the user, and the namespace.
const validations = [
  { expression: 'object.metadata.name.size() <= 63', message: 'name must be at most 63 characters' },
  {
    expression: "object.metadata.name.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$')",
    messageExpression: "'name ' + object.metadata.name + ' is not a DNS label'",
  },
  { expression: "has(object.metadata.labels) && 'app' in object.metadata.labels", message: 'an app label is required' },
  { expression: 'has(object.metadata.labels.team)', message: 'the team label is missing (added by BenchPatcher)' },
  { expression: 'object.metadata.labels.all(k, k.size() <= 63 && object.metadata.labels[k].size() <= 63)' },
  { expression: "!has(object.data) || object.data.all(k, k.matches('^[-._a-zA-Z0-9]+$'))", message: 'invalid data key' },
  { expression: '!has(object.data) || object.data.all(k, object.data[k].size() <= 4096)', message: 'data values are limited to 4 KiB' },
  {
    expression: "!has(object.metadata.annotations) || !object.metadata.annotations.exists(k, k.startsWith('forbidden.example.com/'))",
  },
  {
    expression: "request.userInfo.username != 'system:anonymous' && !request.userInfo.groups.exists(g, g == 'system:unauthenticated')",
    reason: 'Forbidden',
  },
  {
    expression:
      "namespaceObject == null || !has(namespaceObject.metadata.labels) || !('env' in namespaceObject.metadata.labels) || " +
      "(has(object.metadata.labels) && object.metadata.labels[?'env'].orValue('') == namespaceObject.metadata.labels['env'])",
    message: 'the env label must match the namespace',
  },
];
assert.equal(validations.length, 10);

const namespace = {
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name: 'default', labels: { env: 'prod', 'kubernetes.io/metadata.name': 'default' } },
  spec: { finalizers: ['kubernetes'] },
  status: { phase: 'Active' },
};

const vapApiVersion = 'admissionregistration.k8s.io/v1';
const policy = {
  apiVersion: vapApiVersion,
  kind: 'ValidatingAdmissionPolicy',
  metadata: { name: 'configmap-hygiene' },
  spec: {
    failurePolicy: 'Fail',
    matchConstraints: {
      resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE', 'UPDATE'], resources: ['configmaps'] }],
    },
    validations,
  },
};
defaultPolicy(policy);
const binding = {
  apiVersion: vapApiVersion,
  kind: 'ValidatingAdmissionPolicyBinding',
  metadata: { name: 'configmap-hygiene' },
  spec: { policyName: 'configmap-hygiene', validationActions: ['Deny'] },
};
defaultPolicyBinding(binding);

// --- the parent: in-process bench, then the webhook round trips ------------------------------

async function main() {
  const engine = createCelEngine();
  const source = memoryPolicySource({ policies: [policy], bindings: [binding], namespaces: [namespace] });
  const mutating = mutatingChain(patcher);
  const validating = validatingChain(validatingAdmissionPolicy({ engine, source }));
  const user = { name: 'alice', uid: 'b7a1c2d3-0000-4000-8000-000000000001', groups: ['system:authenticated', 'team-web'] };

  const oursRequest = async () => {
    const attrs = admissionAttributes({ object: jsonpatch.deepClone(template), user });
    await mutating.admit(attrs);
    await validating.validate(attrs);
    return attrs;
  };

  // The floors: the policy's own programs (the engine's compile cache hands back the same ones
  // for the same options), one prepared activation; fast-json-patch on a clone.
  const programs = validations.map((v) => engine.compile(v.expression, { omit: ['params'], returnTypes: ['bool'] }));
  const patched = jsonpatch.applyPatch(template, ops, false, false).newDocument;
  const floorAttrs = admissionAttributes({ object: patched, user });
  const activation = engine.activation({
    object: patched,
    oldObject: null,
    request: celRequest(floorAttrs),
    namespaceObject: celNamespaceObject(namespace),
  });
  const rawCel = () => {
    let ok = 0;
    for (const p of programs) ok += p.run(activation).value === true ? 1 : 0;
    return ok;
  };
  const rawPatch = () => jsonpatch.applyPatch(template, ops, false, false).newDocument;

  // Same answers before timing anything.
  const admitted = await oursRequest();
  assert.deepEqual(admitted.object, patched);
  assert.deepEqual(rawPatch(), patched);
  assert.equal(rawCel(), 10, 'every raw CEL program should accept the patched object');
  assert.notDeepEqual(template, patched, 'the floor must not mutate the template');
  const bad = jsonpatch.deepClone(template);
  bad.metadata.name = 'Web_Config';
  await assert.rejects(validating.validate(admissionAttributes({ object: bad, user })), /is not a DNS label/);
  const otherNs = jsonpatch.deepClone(patched);
  otherNs.metadata.labels.env = 'dev';
  await assert.rejects(validating.validate(admissionAttributes({ object: otherNs, user })), /env label must match/);

  // Parts of ours, for the breakdown.
  const validateOnlyAttrs = admissionAttributes({ object: patched, user });
  const oursValidate = () => validating.validate(validateOnlyAttrs);
  const oursMutate = async () => {
    const attrs = admissionAttributes({ object: jsonpatch.deepClone(template), user });
    await mutating.admit(attrs);
    return attrs;
  };

  const tasks = [
    { key: 'ours', name: 'ours: attrs + mutate + validate', ...(await asyncTask(oursRequest)) },
    { key: 'cel', name: 'raw CEL: 10 programs, prepared activation', ...syncTask(rawCel) },
    { key: 'patch', name: 'raw patch: applyPatch of 3 ops on a clone', ...syncTask(rawPatch) },
    { key: 'validate', name: 'ours: validate only (VAP plugin)', ...(await asyncTask(oursValidate)) },
    { key: 'mutate', name: 'ours: attrs + mutate only', ...(await asyncTask(oursMutate)) },
  ];
  const bench = new Bench({ time, warmupTime: Math.min(250, time / 4), throws: true });
  for (const t of tasks) bench.add(t.name, t.fn);
  process.stderr.write(`admission: ${tasks.length} in-process tasks, ${time} ms each...\n`);
  await bench.run();
  const r = {};
  for (const t of tasks) {
    const res = bench.getTask(t.name)?.result;
    if (!res || !('latency' in res)) throw new Error(`${t.name}: no result (${res?.state})`);
    r[t.key] = { ...t, mean: (res.latency.mean * 1000) / t.batch, p50: (res.latency.p50 * 1000) / t.batch };
  }

  process.stderr.write(`admission: webhook round trips, ${WARMUP_CALLS} warmup + ${CALLS} timed calls for each of 4 pairings...\n`);
  const attrs = admissionAttributes({ object: patched, user });
  const webhook = await webhookRoundTrips({ attrs, namespace, calls: CALLS, warmup: WARMUP_CALLS });
  report(r, webhook);
}

// --- timing helpers ----------------------------------------------------------------------------

/** Calls per batch so one batch takes about 50 µs (at most 100), measured on a 20 ms probe after a 20 ms warmup. */
async function batchSizeOf(fn) {
  let rate = 0;
  for (let round = 0; round < 2; round++) {
    // The first round warms the code up; the second is measured.
    let calls = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 20) {
      await fn();
      calls++;
    }
    rate = calls / (performance.now() - t0);
  }
  return Math.max(1, Math.min(100, Math.round(0.05 * rate)));
}

function syncTask(fn) {
  let rate = 0;
  for (let round = 0; round < 2; round++) {
    let calls = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < 20) {
      sink += fn() ? 1 : 0;
      calls++;
    }
    rate = calls / (performance.now() - t0);
  }
  const batch = Math.max(1, Math.min(100, Math.round(0.05 * rate)));
  return { batch, fn: () => { for (let i = 0; i < batch; i++) sink += fn() ? 1 : 0; } };
}

async function asyncTask(fn) {
  const batch = await batchSizeOf(fn);
  return { batch, fn: async () => { for (let i = 0; i < batch; i++) sink += (await fn()) ? 1 : 0; } };
}

// --- report ----------------------------------------------------------------------------------

function report(r, w) {
  const floors = r.cel.mean + r.patch.mean;
  const floorsP50 = r.cel.p50 + r.patch.p50;
  const x = (a, b) => `${(a / b).toFixed(2)}x`;
  console.log(`\n### Admission (tinybench ${time} ms per task; Node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})\n`);
  console.log('In process, µs per request (ConfigMap CREATE: 3 JSON patch ops, then 10 CEL validations):\n');
  console.log(
    markdownTable(
      ['case', 'mean µs', 'p50 µs', 'batch'],
      [
        [r.ours.name, `**${fmt(r.ours.mean)}**`, fmt(r.ours.p50), String(r.ours.batch)],
        [r.cel.name, fmt(r.cel.mean), fmt(r.cel.p50), String(r.cel.batch)],
        [r.patch.name, fmt(r.patch.mean), fmt(r.patch.p50), String(r.patch.batch)],
        ['floors: raw CEL + raw patch', fmt(floors), fmt(floorsP50), ''],
        ['**overhead: ours − floors**', `**${fmt(r.ours.mean - floors)}**`, fmt(r.ours.p50 - floorsP50), ''],
        ['**ours ÷ floors**', `**${x(r.ours.mean, floors)}**`, x(r.ours.p50, floorsP50), ''],
      ],
      1,
    ),
  );
  console.log('\nBreakdown of ours against each floor:\n');
  console.log(
    markdownTable(
      ['part', 'ours mean µs', 'floor mean µs', 'overhead µs', 'ours ÷ floor'],
      [
        ['validate (VAP plugin vs raw CEL)', fmt(r.validate.mean), fmt(r.cel.mean), fmt(r.validate.mean - r.cel.mean), x(r.validate.mean, r.cel.mean)],
        ['attrs + mutate (plugin vs raw patch)', fmt(r.mutate.mean), fmt(r.patch.mean), fmt(r.mutate.mean - r.patch.mean), x(r.mutate.mean, r.patch.mean)],
      ],
      1,
    ),
  );
  console.log(webhookReport(w));
  if (sink === -1) console.log(sink);
}

await main();
