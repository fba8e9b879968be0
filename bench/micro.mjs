/* global console, process, URL */
/**
 * Micro benches (tinybench), each ours against a peer measured in the same run:
 *
 *   label selector   parseLabelSelector + matches  vs  a naive equality-only split/compare
 *   storage          MemoryStorage create+get+delete  vs  an async Map of JSON text (the floor)
 *   merge patch      applyMergePatch (RFC 7386)  vs  fast-json-patch applyPatch, same edit as ops
 *
 * Every pair is checked to compute the same answer before it is timed. Prints a markdown table.
 *
 *   npm run build && node bench/micro.mjs
 *   BENCH_TIME_MS=300 node bench/micro.mjs   # a quicker, noisier run
 *
 * @example
 * // node bench/micro.mjs
 * // | pair | ours ops/s | peer ops/s | ours/peer | ...
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { Bench } from 'tinybench';
import { parseLabelSelector } from '@apiserver-kit/core';
import { MemoryStorage } from '@apiserver-kit/storage';
// Not part of the server's public surface: the built module, imported by path.
import { applyMergePatch } from '../packages/server/dist/patch/merge-patch.js';
import { fmt, markdownTable, ratio } from './table.mjs';

// The fast-json-patch our server depends on (resolved from packages/server, not hoisting luck).
const jsonpatch = createRequire(new URL('../packages/server/package.json', import.meta.url))('fast-json-patch');

const time = Number(process.env.BENCH_TIME_MS ?? 1000);
let sink = 0;

// --- label selectors -------------------------------------------------------------------------

const selectorText = 'app=web,tier==api,env!=prod';
const labelSets = Array.from({ length: 100 }, (_, i) => ({
  app: i % 2 === 0 ? 'web' : 'db',
  tier: i % 3 === 0 ? 'api' : 'cache',
  ...(i % 5 === 0 ? { env: 'prod' } : i % 5 === 1 ? { env: 'dev' } : {}),
  'pod-template-hash': `h${i}`,
}));

/** The floor: equality-only requirements from split(','), no validation, no error messages. */
function naiveParse(text) {
  return text.split(',').map((part) => {
    const ne = part.indexOf('!=');
    if (ne >= 0) return { key: part.slice(0, ne).trim(), value: part.slice(ne + 2).trim(), equal: false };
    const eq = part.indexOf('=');
    const skip = part[eq + 1] === '=' ? 2 : 1;
    return { key: part.slice(0, eq).trim(), value: part.slice(eq + skip).trim(), equal: true };
  });
}

function naiveMatches(reqs, labels) {
  for (const r of reqs) if ((labels[r.key] === r.value) !== r.equal) return false;
  return true;
}

function oursSelect() {
  const sel = parseLabelSelector(selectorText);
  let n = 0;
  for (const labels of labelSets) if (sel.matches(labels)) n++;
  return n;
}

function peerSelect() {
  const reqs = naiveParse(selectorText);
  let n = 0;
  for (const labels of labelSets) if (naiveMatches(reqs, labels)) n++;
  return n;
}

// --- storage ---------------------------------------------------------------------------------

/** The floor of an async Storage: JSON text in a Map, a revision counter, fresh copies out. */
class MapStorage {
  revision = 1;
  map = new Map();
  async create(key, obj) {
    if (this.map.has(key)) throw new Error(`exists: ${key}`);
    const record = { text: JSON.stringify(obj), rev: ++this.revision };
    this.map.set(key, record);
    return this.decode(record);
  }
  async get(key) {
    const record = this.map.get(key);
    if (!record) throw new Error(`not found: ${key}`);
    return this.decode(record);
  }
  async delete(key) {
    const out = await this.get(key);
    this.map.delete(key);
    return out;
  }
  decode(record) {
    const obj = JSON.parse(record.text);
    obj.metadata.resourceVersion = String(record.rev);
    return obj;
  }
}

const configMap = (name) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', uid: '6f1c0b7e-3c2a-4e0c-9a51-2f9d1c3b8e01', labels: { app: 'web', tier: 'api' } },
  data: Object.fromEntries(Array.from({ length: 5 }, (_, k) => [`key-${k}`, `value ${k}: ${'x'.repeat(24)}`])),
});

/** create, get and delete one object; a key pool keeps the store small. */
function storageCycle(storage) {
  let i = 0;
  return async () => {
    const key = `/configmaps/default/cm-${i++ % 64}`;
    await storage.create(key, configMap(key));
    sink += (await storage.get(key)).metadata.name.length;
    await storage.delete(key);
  };
}

// --- merge patch -----------------------------------------------------------------------------

const original = {
  ...configMap('target'),
  metadata: { ...configMap('target').metadata, annotations: { owner: 'team-a' }, labels: { app: 'web', old: 'yes' } },
};
const mergePatch = { metadata: { labels: { old: null, release: 'v2' }, annotations: { note: 'patched' } }, data: { 'key-1': 'new', 'key-3': null } };
const ops = [
  { op: 'remove', path: '/metadata/labels/old' },
  { op: 'add', path: '/metadata/labels/release', value: 'v2' },
  { op: 'add', path: '/metadata/annotations/note', value: 'patched' },
  { op: 'replace', path: '/data/key-1', value: 'new' },
  { op: 'remove', path: '/data/key-3' },
];
// Ours never mutates its input, so the peer clones too (mutateDocument=false).
const oursPatch = () => applyMergePatch(original, mergePatch);
const peerPatch = () => jsonpatch.applyPatch(original, ops, false, false).newDocument;

// --- run -------------------------------------------------------------------------------------

const pairs = [
  { name: 'label selector: parse + match 100 label sets', ours: oursSelect, peer: peerSelect, peerName: 'naive equality split' },
  { name: 'label selector: parse only', ours: () => parseLabelSelector(selectorText), peer: () => naiveParse(selectorText), peerName: 'naive equality split' },
  { name: 'storage: create + get + delete', ours: storageCycle(new MemoryStorage()), peer: storageCycle(new MapStorage()), peerName: 'async Map + JSON' },
  { name: 'JSON merge patch (5 edits)', ours: oursPatch, peer: peerPatch, peerName: 'fast-json-patch applyPatch' },
];

// Same answers before timing anything.
assert.equal(oursSelect(), peerSelect());
assert.deepEqual(oursPatch(), peerPatch());
assert.deepEqual(
  await new MemoryStorage().create('/k', configMap('k')).then((o) => o.data),
  await new MapStorage().create('/k', configMap('k')).then((o) => o.data),
);

const bench = new Bench({ time, warmupTime: Math.min(250, time / 4), throws: true });
for (const p of pairs) {
  bench.add(`${p.name} | ours`, p.ours);
  bench.add(`${p.name} | peer`, p.peer);
}
await bench.run();

const stats = (name) => {
  const task = bench.getTask(name);
  const r = task?.result;
  if (!r || !('throughput' in r)) throw new Error(`${name}: no result (${r?.state})`);
  return { hz: r.throughput.mean, p50us: r.latency.p50 * 1000 };
};
const rows = pairs.map((p) => {
  const a = stats(`${p.name} | ours`);
  const b = stats(`${p.name} | peer`);
  return [p.name, p.peerName, fmt(a.hz), fmt(b.hz), ratio(a.hz, b.hz), fmt(a.p50us), fmt(b.p50us)];
});
console.log(`\n### Micro (tinybench, ${time} ms per task, Node ${process.version})\n`);
console.log(markdownTable(['pair', 'peer', 'ours ops/s', 'peer ops/s', 'ours/peer', 'ours p50 µs', 'peer p50 µs'], rows, 2));
if (sink === -1) console.log(sink);
