/* global console, process, fetch, URL, Buffer */
/**
 * HTTP bench: our API server (createApiServer + MemoryStorage on node:http) against a bare
 * node:http server that answers the same URLs with the same precomputed JSON bytes — the floor
 * any Node server can reach. Each server runs in its own child process (http-server.mjs);
 * autocannon drives them from this process over loopback, one at a time, with a discarded
 * warmup before every measured run. Prints a markdown table of requests/s, p50/p99 latency and
 * the ratio ours/peer.
 *
 *   npm run build && node bench/http-list.mjs
 *   BENCH_DURATION=2 BENCH_WARMUP=0.5 node bench/http-list.mjs   # a quicker, noisier run
 *
 * @example
 * // node bench/http-list.mjs
 * // | case          | ours req/s | peer req/s | ours/peer | ...
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { fmt, markdownTable, ratio } from './table.mjs';

const duration = Number(process.env.BENCH_DURATION ?? 5);
const warmup = Number(process.env.BENCH_WARMUP ?? 1);
const connections = 10;
const objects = 500;
const base = '/api/v1/namespaces/default/configmaps';

const cases = [
  { name: 'GET one configmap', path: `${base}/cm-0042`, items: undefined },
  { name: `LIST all ${objects}`, path: base, items: objects },
  { name: 'LIST limit=50', path: `${base}?limit=50`, items: 50 },
];

/** @param {'ours' | 'peer'} which */
async function startServer(which) {
  const child = fork(fileURLToPath(new URL('./http-server.mjs', import.meta.url)), [which], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = once(child, 'exit').then(([code]) => Promise.reject(new Error(`${which} server exited with code ${code}`)));
  exited.catch(() => {});
  const [msg] = await Promise.race([once(child, 'message'), exited]);
  return { child, origin: `http://127.0.0.1:${msg.port}` };
}

/** A configmap of typical size: a few labels and data keys. @param {number} i */
function configMap(i) {
  const name = `cm-${String(i).padStart(4, '0')}`;
  const data = {};
  for (let k = 0; k < 5; k++) data[`key-${k}`] = `value ${k} of ${name}: ${'x'.repeat(24)}`;
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { app: 'bench', shard: String(i % 10) } }, data };
}

async function seed(origin) {
  for (let i = 0; i < objects; i++) {
    const res = await fetch(origin + base, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(configMap(i)) });
    if (res.status !== 201) throw new Error(`create cm ${i}: HTTP ${res.status} ${await res.text()}`);
  }
}

/** Fetch each case's body from our server twice; the peer serves exactly these bytes. */
async function captureBodies(origin) {
  const bodies = {};
  for (const c of cases) {
    const res = await fetch(origin + c.path);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${c.path}: HTTP ${res.status} ${text}`);
    const again = await (await fetch(origin + c.path)).text();
    if (again !== text) console.error(`note: ${c.path} answered different bytes on a second request`);
    if (c.items !== undefined && JSON.parse(text).items.length !== c.items) throw new Error(`${c.path}: expected ${c.items} items`);
    bodies[c.path] = text;
  }
  return bodies;
}

/** The q-quantile (0..1) of sorted samples, nearest rank. @param {number[]} sorted @param {number} q */
function quantile(sorted, q) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/**
 * One autocannon run; throws when any response was not 2xx. Latencies are collected from the
 * 'response' events (fractional ms) because autocannon's own histogram keeps whole ms.
 */
async function load(url, seconds) {
  const run = autocannon({ url, connections, duration: seconds, pipelining: 1 });
  /** @type {number[]} */
  const latencies = [];
  run.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  const result = await run;
  const bad = result.non2xx + result.errors + result.timeouts;
  if (bad > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  latencies.sort((a, b) => a - b);
  return { rps: result.requests.total / result.duration, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

/** @param {number} n */
const ms = (n) => n.toFixed(2);

async function measure(url) {
  if (warmup > 0) await load(url, warmup);
  return load(url, duration);
}

const ours = await startServer('ours');
const peer = await startServer('peer');
try {
  await seed(ours.origin);
  const bodies = await captureBodies(ours.origin);
  peer.child.send({ bodies });
  await once(peer.child, 'message');

  const rows = [];
  for (const c of cases) {
    const a = await measure(ours.origin + c.path);
    const b = await measure(peer.origin + c.path);
    const bytes = Buffer.byteLength(bodies[c.path]);
    rows.push([c.name, fmt(bytes), fmt(a.rps), fmt(b.rps), ratio(a.rps, b.rps), `${ms(a.p50)} / ${ms(a.p99)}`, `${ms(b.p50)} / ${ms(b.p99)}`]);
    console.error(`done: ${c.name} (ours/peer ${ratio(a.rps, b.rps)})`);
  }
  console.log(`\n### HTTP (autocannon, ${connections} connections, ${duration} s per run after ${warmup} s warmup, loopback)\n`);
  console.log(
    markdownTable(['case', 'body bytes', 'ours req/s', 'peer req/s', 'ours/peer', 'ours p50 / p99 ms', 'peer p50 / p99 ms'], rows),
  );
  console.log('\npeer: bare node:http answering the same URLs with the same precomputed bytes (the floor).');
} finally {
  ours.child.kill();
  peer.child.kill();
}
