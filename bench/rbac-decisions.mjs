/* global console, process */
/**
 * RBAC decision bench (tinybench): one allowed and one denied request, with 10², 10³, 10⁴ and
 * 10⁵ RoleBindings on top of kube's bootstrap policy, measured in one run against two peers.
 *
 *   ours     rbacAuthorizer(new MemoryRbacSource(objects)).authorize(attrs): subject-indexed
 *   linear   one pass over every binding → its role → its rules, with authz's own appliesTo and
 *            ruleAllows: the same semantics with no index
 *   casbin   node-casbin enforceSync(sub, dom, obj, act), RBAC with domains, with policies
 *            generated from the same objects
 *
 * Policy: bootstrapPolicy({ aggregated: true }), two Roles in each of 100 namespaces, and N
 * RoleBindings in blocks of 100, one per namespace (ns-0..ns-99), each block for one user
 * (N/100 users, at most 1000), binding the user to Role pod-reader, Role deployer, or
 * ClusterRole view, edit or admin. user-0 owns the middle block, so at every N it has exactly
 * one binding in ns-50 (to edit), about N/2 bindings from the start of the list; every user is
 * in system:authenticated. Requests: allow = user-0 `create deployments.apps` in ns-50;
 * deny = user-0 `create rolebindings.rbac.authorization.k8s.io` in ns-50 (admin grants it;
 * user-0 holds admin in ns-51, not ns-50). All three deciders are checked to agree on these
 * and on 200 mixed requests first.
 *
 * Targets: allow and deny each under 2 µs median; under 2× growth from 10² to 10⁵ bindings.
 * Fast tasks run in batches (up to 100 calls) so the timer is not counted. Prints markdown.
 *
 *   npm run build && node bench/rbac-decisions.mjs
 *   BENCH_TIME_MS=300 node bench/rbac-decisions.mjs   # a quicker, noisier run
 *
 * @example
 * // node bench/rbac-decisions.mjs
 * // | N | case | ours p50 µs | ours ops/s | linear p50 µs | casbin p50 µs | ...
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Bench } from 'tinybench';
import { StringAdapter, newEnforcer, newModelFromString } from 'casbin';
import { MemoryRbacSource, appliesTo, bootstrapPolicy, rbacAuthorizer, rbacGroup, ruleAllows } from '@apiserver-kit/authz';
import { fmt, markdownTable } from './table.mjs';

const time = Number(process.env.BENCH_TIME_MS ?? 1000);
const sizes = (process.env.RBAC_SIZES ?? '100,1000,10000,100000').split(',').map(Number);
const CASBIN_SETUP_LIMIT_MS = Number(process.env.CASBIN_SETUP_LIMIT_MS ?? 30_000);
const CASBIN_LOAD = process.env.CASBIN_LOAD ?? 'adapter';
const NAMESPACES = 100;
const USERS = 1000;
const apiVersion = `${rbacGroup}/v1`;
let sink = 0;

// --- the policy ----------------------------------------------------------------------------

const localRoles = (ns) => [
  { kind: 'Role', apiVersion, metadata: { name: 'pod-reader', namespace: ns }, rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] }] },
  {
    kind: 'Role',
    apiVersion,
    metadata: { name: 'deployer', namespace: ns },
    rules: [{ apiGroups: ['apps'], resources: ['deployments', 'deployments/scale'], verbs: ['get', 'list', 'create', 'update', 'patch'] }],
  },
];
const roleChoices = [
  { kind: 'Role', name: 'pod-reader' },
  { kind: 'Role', name: 'deployer' },
  { kind: 'ClusterRole', name: 'view' },
  { kind: 'ClusterRole', name: 'edit' },
  { kind: 'ClusterRole', name: 'admin' },
];

function policy(n) {
  const { clusterRoles, clusterRoleBindings } = bootstrapPolicy({ aggregated: true });
  const roles = Array.from({ length: NAMESPACES }, (_, k) => localRoles(`ns-${k}`)).flat();
  // Blocks of 100 bindings (one per namespace) per user; user-0 owns the middle block.
  const users = Math.min(USERS, Math.ceil(n / NAMESPACES));
  const roleBindings = Array.from({ length: n }, (_, i) => {
    const ns = i % NAMESPACES;
    const user = (Math.floor(i / NAMESPACES) + users - Math.floor(users / 2)) % users;
    return {
      kind: 'RoleBinding',
      apiVersion,
      metadata: { name: `rb-${i}`, namespace: `ns-${ns}` },
      roleRef: { apiGroup: rbacGroup, ...roleChoices[(ns + user + 3) % roleChoices.length] },
      subjects: [{ kind: 'User', apiGroup: rbacGroup, name: `user-${user}` }],
    };
  });
  return { clusterRoles, clusterRoleBindings, roles, roleBindings, users };
}

const userOf = (name) => ({ name, groups: ['system:authenticated'] });
const attrs = (user, verb, namespace, apiGroup, resource, subresource = '') => ({
  user: userOf(user),
  verb,
  isResourceRequest: true,
  path: '',
  namespace,
  apiGroup,
  apiVersion: 'v1',
  resource,
  subresource,
  name: '',
});
const allowReq = attrs('user-0', 'create', 'ns-50', 'apps', 'deployments');
const denyReq = attrs('user-0', 'create', 'ns-50', rbacGroup, 'rolebindings');

// --- peer 1: a linear scan -----------------------------------------------------------------

function linearDecider({ clusterRoles, clusterRoleBindings, roles, roleBindings }) {
  const clusterRoleMap = new Map(clusterRoles.map((r) => [r.metadata.name, r]));
  const roleMap = new Map(roles.map((r) => [`${r.metadata.namespace}/${r.metadata.name}`, r]));
  const all = [...clusterRoleBindings, ...roleBindings];
  return (a) => {
    for (const b of all) {
      const ns = b.kind === 'RoleBinding' ? b.metadata.namespace : '';
      if (ns && ns !== a.namespace) continue;
      if (!b.subjects?.some((s) => appliesTo(a.user, s, ns))) continue;
      const role = b.roleRef.kind === 'Role' ? roleMap.get(`${ns}/${b.roleRef.name}`) : clusterRoleMap.get(b.roleRef.name);
      for (const rule of role?.rules ?? []) if (ruleAllows(a, rule)) return true;
    }
    return false;
  };
}

// --- peer 2: node-casbin, RBAC with domains ------------------------------------------------

// Checks cheapest first. Cluster-wide links (groups, ClusterRoleBindings) live in domain "*",
// looked up with a second g() rather than a domain-matching function: casbin's role manager
// copies every matching domain's roles on each lookup when a domain pattern is set.
const casbinModel = `
[request_definition]
r = sub, dom, obj, act
[policy_definition]
p = sub, dom, obj, act
[role_definition]
g = _, _, _
[policy_effect]
e = some(where (p.eft == allow))
[matchers]
m = (p.act == r.act || p.act == "*") && (p.obj == r.obj || p.obj == "*") && (p.dom == r.dom || p.dom == "*") && (g(r.sub, p.sub, r.dom) || g(r.sub, p.sub, "*"))
`;

/** One rule as casbin rows (sub, dom, obj, act): obj is `group/resource[/sub]`, `*` for any. */
function ruleRows(sub, dom, rule) {
  const rows = [];
  for (const verb of rule.verbs ?? [])
    for (const url of rule.nonResourceURLs ?? []) rows.push([sub, '*', url, verb]);
  for (const group of rule.apiGroups ?? [])
    for (const resource of rule.resources ?? []) {
      assert.ok(group !== '*' || resource === '*', `no casbin translation for apiGroups * with resource ${resource}`);
      assert.ok(!resource.includes('*') || group === '*', `no casbin translation for resource ${resource}`);
      const obj = group === '*' ? '*' : `${group}/${resource}`;
      const names = rule.resourceNames?.length ? rule.resourceNames.map((n) => `${obj}#${n}`) : [obj];
      for (const o of names) for (const verb of rule.verbs ?? []) rows.push([sub, dom, o, verb]);
    }
  return rows;
}

const refName = (ref) => `${ref.kind === 'Role' ? 'role' : 'clusterrole'}:${ref.name}`;
const subjectName = (s) => (s.kind === 'Group' ? `group:${s.name}` : s.name);
const casbinRequest = (a) => [a.user.name, a.namespace, `${a.apiGroup}/${a.subresource ? `${a.resource}/${a.subresource}` : a.resource}`, a.verb];

/**
 * The enforcer, its row counts and its load time in ms. Rows load through a StringAdapter (the
 * adapter path appends rows as they come); CASBIN_LOAD=api uses addPolicies and
 * addGroupingPolicies instead, whose duplicate check scans every row already held. Either way
 * the enforcer is null when loading passes CASBIN_SETUP_LIMIT_MS.
 */
async function casbinDecider(p) {
  const t0 = performance.now();
  const pRows = [
    ...p.clusterRoles.flatMap((r) => (r.rules ?? []).flatMap((rule) => ruleRows(`clusterrole:${r.metadata.name}`, '*', rule))),
    ...p.roles.flatMap((r) => (r.rules ?? []).flatMap((rule) => ruleRows(`role:${r.metadata.name}`, r.metadata.namespace, rule))),
  ];
  const gRows = [
    ...Array.from({ length: p.users }, (_, u) => [`user-${u}`, 'group:system:authenticated', '*']),
    ...p.clusterRoleBindings.flatMap((b) => (b.subjects ?? []).map((s) => [subjectName(s), refName(b.roleRef), '*'])),
    ...p.roleBindings.flatMap((b) => (b.subjects ?? []).map((s) => [subjectName(s), refName(b.roleRef), b.metadata.namespace])),
  ];
  const counts = { p: pRows.length, g: gRows.length };
  const model = newModelFromString(casbinModel);
  if (CASBIN_LOAD !== 'api') {
    const line = (ptype, row) => {
      assert.ok(row.every((v) => !/[,"\n]/.test(v)), `not plain CSV: ${row}`);
      return `${ptype}, ${row.join(', ')}`;
    };
    const csv = [...pRows.map((r) => line('p', r)), ...gRows.map((r) => line('g', r))].join('\n');
    const e = await newEnforcer(model, new StringAdapter(csv));
    const ms = performance.now() - t0;
    return ms > CASBIN_SETUP_LIMIT_MS ? { enforcer: null, counts, ms, loaded: gRows.length } : { enforcer: e, counts, ms };
  }
  const e = await newEnforcer(model);
  await e.addPolicies(pRows);
  for (let i = 0; i < gRows.length; i += 5000) {
    await e.addGroupingPolicies(gRows.slice(i, i + 5000));
    if (performance.now() - t0 > CASBIN_SETUP_LIMIT_MS) return { enforcer: null, counts, ms: performance.now() - t0, loaded: i + 5000 };
  }
  return { enforcer: e, counts, ms: performance.now() - t0 };
}

// --- timing ----------------------------------------------------------------------------------

/** Calls per batch so one batch takes about 25 µs (at most 100). */
function batchSize(fn) {
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 20) {
    fn();
    calls++;
  }
  return Math.max(1, Math.min(100, Math.round((0.025 * calls) / (performance.now() - t0))));
}

const syncTask = (fn) => {
  const batch = batchSize(fn);
  return { batch, fn: () => { for (let i = 0; i < batch; i++) sink += fn() ? 1 : 0; } };
};
const asyncTask = (fn, probe) => {
  const batch = batchSize(probe);
  return { batch, fn: async () => { for (let i = 0; i < batch; i++) sink += (await fn()).decision === 'Allow' ? 1 : 0; } };
};

/** Deterministic mixed requests for the agreement check. */
function sampleRequests(users, count) {
  const verbs = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'escalate'];
  const resources = [
    ['', 'pods', ''], ['', 'pods', 'log'], ['', 'pods', 'exec'], ['apps', 'deployments', ''], ['apps', 'deployments', 'scale'],
    ['', 'secrets', ''], ['', 'configmaps', ''], [rbacGroup, 'rolebindings', ''], [rbacGroup, 'roles', ''], ['example.com', 'widgets', ''],
    ['authorization.k8s.io', 'selfsubjectaccessreviews', ''],
  ];
  let seed = 12345;
  const rnd = (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  return Array.from({ length: count }, () => {
    const [g, r, s] = resources[rnd(resources.length)];
    const ns = rnd(12) === 0 ? '' : `ns-${rnd(NAMESPACES)}`;
    return attrs(`user-${rnd(users + 1)}`, verbs[rnd(verbs.length)], ns, g, r, s);
  });
}

const results = [];
const setups = [];
for (const n of sizes) {
  const g0 = performance.now();
  const p = policy(n);
  const genMs = performance.now() - g0;
  const o0 = performance.now();
  const authz = rbacAuthorizer(new MemoryRbacSource([...p.clusterRoles, ...p.clusterRoleBindings, ...p.roles, ...p.roleBindings]));
  const oursMs = performance.now() - o0;
  const l0 = performance.now();
  const linear = linearDecider(p);
  const linearMs = performance.now() - l0;
  process.stderr.write(`rbac-decisions: N=${n}: loading casbin...\n`);
  const cas = await casbinDecider(p);
  setups.push({ n, genMs, oursMs, linearMs, cas });
  const casbin = cas.enforcer && ((a) => cas.enforcer.enforceSync(...casbinRequest(a)));

  // Same answers before timing anything.
  const ours = async (a) => (await authz.authorize(a)).decision === 'Allow';
  for (const [req, want] of [[allowReq, true], [denyReq, false]]) {
    assert.equal(await ours(req), want);
    assert.equal(linear(req), want);
    if (casbin) assert.equal(casbin(req), want);
  }
  let allowed = 0;
  for (const req of sampleRequests(p.users, 200)) {
    const want = await ours(req);
    allowed += want ? 1 : 0;
    assert.equal(linear(req), want, `linear disagrees on ${JSON.stringify(casbinRequest(req))}`);
    if (casbin) assert.equal(casbin(req), want, `casbin disagrees on ${JSON.stringify(casbinRequest(req))}`);
  }
  assert.ok(allowed > 20 && allowed < 180, `the sample should mix allows and denials (${allowed}/200 allowed)`);

  const bench = new Bench({ time, warmupTime: Math.min(250, time / 4), throws: true });
  const tasks = [];
  for (const [label, req] of [['allow', allowReq], ['deny', denyReq]]) {
    // The batch is sized on a synchronous probe of the same work (the promise is the only difference).
    const probe = () => authz.authorize(req);
    tasks.push({ n, label, who: 'ours', ...asyncTask(() => authz.authorize(req), probe) });
    tasks.push({ n, label, who: 'linear', ...syncTask(() => linear(req)) });
    if (casbin) tasks.push({ n, label, who: 'casbin', ...syncTask(() => casbin(req)) });
  }
  for (const t of tasks) bench.add(`${t.n} ${t.label} ${t.who}`, t.fn);
  process.stderr.write(`rbac-decisions: N=${n}: ${tasks.length} tasks, ${time} ms each...\n`);
  await bench.run();
  for (const t of tasks) {
    const r = bench.getTask(`${t.n} ${t.label} ${t.who}`)?.result;
    if (!r || !('latency' in r)) throw new Error(`${t.n} ${t.label} ${t.who}: no result (${r?.state})`);
    results.push({ ...t, p50: (r.latency.p50 * 1000) / t.batch, mean: (r.latency.mean * 1000) / t.batch });
  }
}

// --- report ----------------------------------------------------------------------------------

const get = (n, label, who) => results.find((r) => r.n === n && r.label === label && r.who === who);
const ops = (r) => (r ? fmt(1e6 / r.mean) : 'n/a');
const us = (r) => (r ? fmt(r.p50) : 'n/a');
const speed = (ours, peer) => (ours && peer ? `${(peer.p50 / ours.p50).toFixed(peer.p50 / ours.p50 >= 100 ? 0 : 2)}x` : 'n/a');

const rows = [];
for (const n of sizes)
  for (const label of ['allow', 'deny']) {
    const [o, l, c] = ['ours', 'linear', 'casbin'].map((w) => get(n, label, w));
    rows.push([n.toLocaleString('en-US'), label, `**${us(o)}**`, ops(o), us(l), ops(l), us(c), ops(c), speed(o, l), speed(o, c)]);
  }
console.log(`\n### RBAC decisions (tinybench, ${time} ms per task, Node ${process.version}, ${os.cpus().length} cores)\n`);
console.log('p50 µs per decision and ops/s (from the mean); ours/peer = peer p50 ÷ ours p50, above 1x = ours faster:\n');
console.log(
  markdownTable(['N bindings', 'case', 'ours p50 µs', 'ours ops/s', 'linear p50 µs', 'linear ops/s', 'casbin p50 µs', 'casbin ops/s', 'ours/linear', 'ours/casbin'], rows, 2),
);

console.log('\nSetup, ms (objects generated once and shared):\n');
console.log(
  markdownTable(
    ['N bindings', 'generate objects', 'ours MemoryRbacSource', 'linear', `casbin load (${CASBIN_LOAD === 'api' ? 'addPolicies' : 'StringAdapter'})`, 'casbin p / g rows'],
    setups.map((s) => [
      s.n.toLocaleString('en-US'),
      fmt(s.genMs),
      fmt(s.oursMs),
      fmt(s.linearMs),
      s.cas.enforcer ? fmt(s.cas.ms) : `over the limit: ${fmt(s.cas.ms)} (${s.cas.loaded.toLocaleString('en-US')} g rows)`,
      `${s.cas.counts.p.toLocaleString('en-US')} / ${s.cas.counts.g.toLocaleString('en-US')}`,
    ]),
    1,
  ),
);

const first = sizes[0];
const last = sizes[sizes.length - 1];
const verdicts = [];
for (const label of ['allow', 'deny']) {
  const worst = Math.max(...sizes.map((n) => get(n, label, 'ours').p50));
  const growth = get(last, label, 'ours').p50 / get(first, label, 'ours').p50;
  const peerGrowth = ['linear', 'casbin'].map((w) => {
    const a = get(first, label, w);
    const b = get(last, label, w);
    return `${w} ${a && b ? `${(b.p50 / a.p50).toFixed(2)}x` : 'n/a'}`;
  });
  verdicts.push(
    `${label}: ours p50 at most ${fmt(worst)} µs — target < 2 µs ${worst < 2 ? 'MET' : 'NOT MET'}; ` +
      `growth N=${last} vs N=${first} ${growth.toFixed(2)}x — target < 2x ${growth < 2 ? 'MET' : 'NOT MET'} (${peerGrowth.join(', ')}).`,
  );
}
console.log(`\n${verdicts.map((v) => `- ${v}`).join('\n')}`);
if (sink === -1) console.log(sink);
