/* global console, process */
/**
 * Which CEL library should packages/admission build on? This script measures the npm
 * candidates side by side in one run (tinybench) and prints markdown tables:
 *
 *   1. conformance: a sample of CEL semantics admission policies lean on (macros, has(), string
 *      functions, list indexing, int vs double, null, errors vs false, optionals, time);
 *   2. Kubernetes extension functions each library offers natively (the rest we must add);
 *   3. compile (parse + plan) and evaluate speed on 11 typical admission expressions.
 *
 * Candidates: @marcbachmann/cel-js, @bufbuild/cel, cel-js (ChromeGG). Only the chosen one is
 * a dependency of the repo; a candidate that does not resolve is skipped. To compare all of
 * them, install them in a scratch folder and point CEL_CANDIDATES_DIR at it:
 *
 *   mkdir /tmp/celbench && cd /tmp/celbench && npm init -y && \
 *     npm i @marcbachmann/cel-js@8.0.0 @bufbuild/cel@0.6.1 @bufbuild/protobuf cel-js@0.8.2
 *   CEL_CANDIDATES_DIR=/tmp/celbench node bench/cel-choice.mjs
 *   BENCH_TIME_MS=100 ...   # quicker, noisier
 *
 * @example
 * // | case | marcbachmann | bufbuild | cel-js |
 * // | [1,2,3].all(x, x > 0) | ok | ok | ok |
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Bench } from 'tinybench';
import { fmt, markdownTable } from './table.mjs';

const time = Number(process.env.BENCH_TIME_MS ?? 400);
const dir = process.env.CEL_CANDIDATES_DIR;
let sink = 0;

async function load(spec) {
  try {
    if (!dir) return await import(spec);
    const req = createRequire(path.join(path.resolve(dir), 'noop.js'));
    return await import(pathToFileURL(req.resolve(spec)).href);
  } catch {
    return undefined;
  }
}

/** JSON → CEL input: integral numbers become int (bigint), as kube's schema-typed objects are. */
function bigints(v) {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(bigints);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bigints(x)]));
  return v;
}

// --- adapters: compile(expr) -> (vars) -> value, throwing on error ---------------------------

async function candidates() {
  const out = [];
  const mb = await load('@marcbachmann/cel-js');
  if (mb) {
    const env = new mb.Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false, enableOptionalTypes: true });
    out.push({ name: 'marcbachmann', version: '@marcbachmann/cel-js', prepare: bigints, compile: (e) => env.parse(e) });
  }
  const bb = await load('@bufbuild/cel');
  const bbExt = await load('@bufbuild/cel/ext');
  if (bb && bbExt) {
    const env = bb.celEnv({ funcs: bbExt.strings });
    out.push({
      name: 'bufbuild',
      version: '@bufbuild/cel',
      prepare: bigints,
      compile: (e) => {
        const parsed = bb.parse(e);
        const run = bb.plan(env, parsed);
        return (vars) => {
          const r = run(vars);
          if (bb.isCelError(r)) throw new Error(r.message);
          return r;
        };
      },
    });
  }
  const cj = await load('cel-js');
  if (cj) {
    out.push({
      name: 'cel-js',
      version: 'cel-js',
      prepare: (v) => v,
      compile: (e) => {
        const r = cj.parse(e);
        if (!r.isSuccess) throw new Error(`parse: ${r.errors.join('; ')}`);
        return (vars) => cj.evaluate(r.cst, vars);
      },
    });
  }
  return out;
}

// --- 1. conformance sample ------------------------------------------------------------------

const obj = {
  metadata: { name: 'web', labels: { app: 'web', tier: null } },
  spec: { replicas: 3, ratio: 0.5, containers: [{ name: 'a', image: 'r.io/a:1', ports: [80, 443] }, { name: 'b', image: 'r.io/b' }] },
};
/** [expression, expected ('error' = must fail, not evaluate to false)] */
const conformance = [
  ['object.spec.containers.all(c, c.image.startsWith("r.io/"))', true],
  ['object.spec.containers.exists(c, c.name == "b")', true],
  ['object.spec.containers.exists_one(c, has(c.ports))', true],
  ['object.spec.containers.map(c, c.name) == ["a", "b"]', true],
  ['object.spec.containers.filter(c, has(c.ports)).size() == 1', true],
  ['has(object.metadata.labels.app)', true],
  ['has(object.metadata.annotations)', false],
  ['has(object.metadata.labels.tier)', true],
  ['object.metadata.labels.tier == null', true],
  ['object.metadata.annotations.x == "y"', 'error'],
  ['object.spec.containers[0].ports[1] == 443', true],
  ['object.spec.containers[5].name == "x"', 'error'],
  ['"app" in object.metadata.labels', true],
  ['"r.io/a:1".matches("^[a-z.]+/[a-z]+(:[0-9]+)?$")', true],
  ['"abc".contains("b") && "abc".endsWith("c") && size("héllo") == 5', true],
  ['"a" + "b" == "ab" && "a" < "b"', true],
  ['object.spec.replicas + 1 == 4', true],
  ['object.spec.replicas / 2 == 1', true],
  ['7 % 3 == 1 && -7 / 2 == -3', true],
  ['object.spec.ratio * 2.0 == 1.0', true],
  ['object.spec.replicas + 0.5 == 3.5', 'error'],
  ['object.spec.replicas < 3.5 && 2.5 < object.spec.replicas', true],
  ['dyn(3) == 3.0', true],
  ['type(object.spec.replicas) == int && type(object.spec.ratio) == double', true],
  ['9223372036854775807 + 1 > 0', 'error'],
  ['1 / 0 == 0', 'error'],
  ['false && 1 / 0 == 0', false],
  ['1 / 0 == 0 || true', true],
  ['int("12") + 1 == 13 && double("1.5") == 1.5 && string(12) == "12"', true],
  ['3u + 2u == 5u', true],
  ['oldObject == null', true],
  ['oldObject.metadata.name == "x"', 'error'],
  ['{"a": 1, "b": 2}.size() == 2 && {"a": 1}["a"] == 1', true],
  ['[1, 2] + [3] == [1, 2, 3] && 2 in [1, 2]', true],
  ['object.metadata.?annotations.orValue({}).size() == 0', true],
  ['timestamp("2024-01-01T00:00:00Z") < timestamp("2024-02-01T00:00:00Z")', true],
  ['duration("1h") > duration("30m")', true],
  ['object.spec.replicas > 2 ? "many" : "few"', 'many'],
  ['!(object.spec.replicas > 5)', true],
  ['object.nope', 'error'],
];

// --- 2. Kubernetes extension functions (kube's CEL libraries) -------------------------------

const extensions = [
  ['strings lowerAscii', '"AbC".lowerAscii() == "abc"'],
  ['strings upperAscii', '"abc".upperAscii() == "ABC"'],
  ['strings replace', '"a-b-c".replace("-", "+") == "a+b+c"'],
  ['strings split', '"a,b".split(",") == ["a", "b"]'],
  ['strings join', '["a", "b"].join("-") == "a-b"'],
  ['strings trim', '" a ".trim() == "a"'],
  ['strings indexOf', '"abcb".indexOf("b") == 1'],
  ['strings lastIndexOf', '"abcb".lastIndexOf("b") == 3'],
  ['strings substring', '"abcd".substring(1, 3) == "bc"'],
  ['strings charAt', '"abc".charAt(1) == "b"'],
  ['strings format', '"%s=%d".format(["a", 1]) == "a=1"'],
  ['strings quote', 'strings.quote("a") == "\\"a\\""'],
  ['lists isSorted', '[1, 2, 3].isSorted()'],
  ['lists sum', '[1, 2, 3].sum() == 6'],
  ['lists min / max', '[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3'],
  ['lists indexOf', '[1, 2, 1].indexOf(1) == 0 && [1, 2, 1].lastIndexOf(1) == 2'],
  ['regex find', '"abc123".find("[0-9]+") == "123"'],
  ['regex findAll', '"a1b2".findAll("[0-9]") == ["1", "2"]'],
  ['quantity', 'quantity("1Gi").isGreaterThan(quantity("512Mi"))'],
  ['url', 'url("https://a.io/x").getHost() == "a.io"'],
  ['ip / cidr', 'cidr("10.0.0.0/8").containsIP(ip("10.1.2.3"))'],
  ['optional', 'optional.of(1).hasValue()'],
  ['sets', 'sets.contains([1, 2, 3], [2])'],
  ['cel.bind', 'cel.bind(x, 2, x * x) == 4'],
];

function same(a, b) {
  if (typeof a === 'bigint' || typeof b === 'bigint') return Number(a) === Number(b);
  return a === b;
}

function check(c, expr, want, vars) {
  try {
    const got = c.compile(expr)(vars);
    if (want === 'error') return `no error (${String(got)})`;
    return same(got, want) ? 'ok' : `got ${String(got)}`;
  } catch (err) {
    if (want === 'error') return 'ok';
    const first = String(err instanceof Error ? err.message : err).split('\n')[0];
    return `error: ${first.slice(0, 60)}`;
  }
}

// --- 3. speed ---------------------------------------------------------------------------------

const pod = (i) => ({ name: `c${i}`, image: `registry.example.com/app${i}:1.${i}`, resources: { limits: { memory: '1Gi', cpu: '1' } }, securityContext: { privileged: false } });
const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'prod-web', namespace: 'default', labels: { app: 'web', team: 'core' } },
  spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [pod(1), pod(2), pod(3)] } } },
};
const request = {
  operation: 'CREATE',
  name: 'prod-web',
  namespace: 'default',
  userInfo: { username: 'alice', groups: ['dev', 'system:authenticated'] },
  kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
};
const speedVars = { object: deployment, oldObject: deployment, request, params: { maxReplicas: 5 } };
const typical = [
  'object.spec.replicas <= 5',
  'object.metadata.name.startsWith("prod-")',
  'has(object.metadata.labels) && "app" in object.metadata.labels',
  'object.spec.template.spec.containers.all(c, c.image.startsWith("registry.example.com/"))',
  '!object.spec.template.spec.containers.exists(c, has(c.securityContext) && c.securityContext.privileged == true)',
  'request.userInfo.groups.exists(g, g == "system:masters") || request.userInfo.username == "alice"',
  'object.spec.template.spec.containers.map(c, c.name).filter(n, n.matches("^[a-z0-9]+$")).size() == size(object.spec.template.spec.containers)',
  'request.operation == "CREATE" ? size(object.metadata.name) < 64 : true',
  'object.spec.template.spec.containers.all(c, has(c.resources) && has(c.resources.limits) && "memory" in c.resources.limits)',
  'oldObject == null || object.spec.selector == oldObject.spec.selector',
  'params.maxReplicas >= object.spec.replicas',
];

/** Calls per batch so one batch takes about 25 µs (at most 100), so the timer is not counted. */
function batchSize(fn) {
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < 10) {
    fn();
    calls++;
  }
  return Math.max(1, Math.min(100, Math.round((0.025 * calls) / (performance.now() - t0))));
}

async function measure(tasks) {
  const bench = new Bench({ time, warmupTime: Math.min(100, time / 4), throws: true });
  for (const t of tasks) {
    t.batch = batchSize(t.fn);
    const { fn, batch } = t;
    bench.add(t.id, () => {
      for (let i = 0; i < batch; i++) sink += fn() ? 1 : 0;
    });
  }
  await bench.run();
  for (const t of tasks) {
    const r = bench.getTask(t.id)?.result;
    if (!r || !('latency' in r)) throw new Error(`${t.id}: no result`);
    t.p50 = (r.latency.p50 * 1000) / t.batch;
  }
}

// --- run --------------------------------------------------------------------------------------

const cands = await candidates();
if (cands.length === 0) {
  console.log('no CEL candidate resolves; see the header for CEL_CANDIDATES_DIR');
  process.exit(1);
}
const names = cands.map((c) => c.name);
console.log(`# CEL library comparison (node ${process.version}, ${time} ms per task)\n`);

console.log('## Conformance sample\n');
const confVars = Object.fromEntries(cands.map((c) => [c.name, { object: c.prepare(obj), oldObject: null }]));
const passed = Object.fromEntries(names.map((n) => [n, 0]));
const confRows = conformance.map(([expr, want]) => [
  `\`${expr}\``,
  ...cands.map((c) => {
    const r = check(c, expr, want, confVars[c.name]);
    if (r === 'ok') passed[c.name]++;
    return r;
  }),
]);
console.log(markdownTable(['expression', ...names], confRows, 1 + names.length));
console.log(`\npassed: ${names.map((n) => `${n} ${passed[n]}/${conformance.length}`).join(', ')}\n`);

console.log('## Kubernetes extension functions offered natively\n');
const native = Object.fromEntries(names.map((n) => [n, 0]));
const extRows = extensions.map(([label, expr]) => [
  label,
  ...cands.map((c) => {
    const ok = check(c, expr, true, {}) === 'ok';
    if (ok) native[c.name]++;
    return ok ? 'yes' : 'no';
  }),
]);
console.log(markdownTable(['function', ...names], extRows, 1 + names.length));
console.log(`\nnative: ${names.map((n) => `${n} ${native[n]}/${extensions.length}`).join(', ')}\n`);

console.log('## Speed: p50 µs per compile and per evaluation (lower is better)\n');
const tasks = [];
for (const [i, expr] of typical.entries()) {
  for (const c of cands) {
    const vars = c.prepare(speedVars);
    let program;
    try {
      program = c.compile(expr);
      if (program(vars) !== true) throw new Error('did not evaluate to true');
    } catch {
      continue; // unsupported: reported as n/a
    }
    tasks.push({ id: `compile ${i} ${c.name}`, expr: i, who: c.name, kind: 'compile', fn: () => c.compile(expr) });
    tasks.push({ id: `eval ${i} ${c.name}`, expr: i, who: c.name, kind: 'eval', fn: () => program(vars) });
  }
}
await measure(tasks);
const cell = (i, who, kind) => {
  const t = tasks.find((x) => x.expr === i && x.who === who && x.kind === kind);
  return t ? fmt(t.p50) : 'n/a';
};
const speedRows = typical.map((expr, i) => [
  `${i + 1}`,
  ...names.flatMap((n) => [cell(i, n, 'compile'), cell(i, n, 'eval')]),
]);
console.log(typical.map((e, i) => `${i + 1}. \`${e}\``).join('\n') + '\n');
console.log(markdownTable(['#', ...names.flatMap((n) => [`${n} compile`, `${n} eval`])], speedRows));
const geo = (who, kind) => {
  const xs = tasks.filter((t) => t.who === who && t.kind === kind).map((t) => t.p50);
  return xs.length ? Math.exp(xs.reduce((s, x) => s + Math.log(x), 0) / xs.length) : NaN;
};
console.log(
  `\ngeometric mean over the expressions each supports: ${names
    .map((n) => `${n} compile ${fmt(geo(n, 'compile'))} µs / eval ${fmt(geo(n, 'eval'))} µs`)
    .join('; ')}`,
);
if (sink === -1) console.log(sink);
