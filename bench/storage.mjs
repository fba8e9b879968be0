/* global console, process, URL, setImmediate, performance, Buffer */
/**
 * Storage backends: MemoryStorage, SqliteStorage and EtcdStorage, each with
 *
 *   create          creates/s of distinct keys, at 1 and 64 concurrent writers
 *   update          guaranteedUpdate/s (CAS increment of data.counter), one key per writer, at 1 and 64
 *   update 1 key    guaranteedUpdate/s with 64 writers on the same key (contended CAS)
 *   LIST 10k        ms per full list of 10,000 objects, and per full walk in limit=500 pages
 *
 * Peers in the same run: raw better-sqlite3 inserts (WAL, synchronous=FULL; one autocommit INSERT
 * per write at 1 writer, one transaction per event-loop tick at 64 writers: the group-commit
 * floor), raw etcd3 `client.put(key).value(v)` at 1 and 64 in flight, and raw etcd3 create-if-absent
 * txns (the request EtcdStorage.create sends). etcd is a real
 * /usr/bin/etcd (startEtcd from @apiserver-kit/storage-etcd/testing, data dir on disk, fsync on).
 * Every case runs for a fixed time (BENCH_CASE_MS, default 2000). The etcd target is judged on
 * a head-to-head section: raw put, raw txn, our create and our update at 64 writers taking turns
 * over BENCH_ROUNDS rounds (default 5) after a warm-up round, compared by their medians.
 * Prints markdown tables.
 *
 *   npm run build && node bench/storage.mjs
 *   BENCH_CASE_MS=500 node bench/storage.mjs   # a quicker, noisier run
 *
 * @example
 * // node bench/storage.mjs
 * // | backend | case | writers | ops/s | retries/op | ...
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from '@apiserver-kit/storage';
import { SqliteStorage } from '@apiserver-kit/storage-sqlite';
import { EtcdStorage } from '@apiserver-kit/storage-etcd';
import { startEtcd } from '@apiserver-kit/storage-etcd/testing';
import { fmt, markdownTable, ratio } from './table.mjs';

// The peers our packages depend on, resolved from those packages (not hoisting luck).
const Database = createRequire(new URL('../packages/storage-sqlite/package.json', import.meta.url))('better-sqlite3');
const { Etcd3 } = createRequire(new URL('../packages/storage-etcd/package.json', import.meta.url))('etcd3');

const caseMs = Number(process.env.BENCH_CASE_MS ?? 2000);
const LIST_SIZE = 10_000;
const PAGE = 500;
const WIDE = 64;
const payload = 'x'.repeat(200);
const log = (msg) => process.stderr.write(`${msg}\n`);

const object = (name) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'default', labels: { app: 'bench' } },
  data: { counter: '0', payload },
});

/** `writers` loops each calling `op(writer, seq)` until `caseMs` is up; returns ops/s. */
async function run(writers, op) {
  let done = 0;
  const start = performance.now();
  const deadline = start + caseMs;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let seq = 0; performance.now() < deadline; seq++) {
        await op(w, seq);
        done++;
      }
    }),
  );
  return (done * 1000) / (performance.now() - start);
}

/** Creates `n` objects under `prefix` with 64 in flight. */
async function seed(storage, prefix, n) {
  let next = 0;
  await Promise.all(
    Array.from({ length: WIDE }, async () => {
      while (next < n) {
        const i = next++;
        await storage.create(`${prefix}obj-${String(i).padStart(5, '0')}`, object(`obj-${i}`));
      }
    }),
  );
}

/** Runs `fn` repeatedly for about caseMs / 2 (at least 3 times); returns ms per call. */
async function timeEach(fn) {
  const start = performance.now();
  let n = 0;
  while (n < 3 || performance.now() - start < caseMs / 2) {
    await fn();
    n++;
  }
  return (performance.now() - start) / n;
}

/** The create, update and LIST cases on one backend. Rows: [backend, case, writers, ops/s, retries/op]. */
async function benchBackend(name, storage) {
  const rows = [];
  const result = {};
  for (const writers of [1, WIDE]) {
    log(`${name}: create x${writers}`);
    const p = `/bench/create-${writers}/`;
    const ops = await run(writers, (w, seq) => storage.create(`${p}w${w}-${seq}`, object(`w${w}-${seq}`)));
    result[`create${writers}`] = ops;
    rows.push([name, 'create', String(writers), fmt(ops), '']);
  }
  const updateCase = async (label, writers, keyOf) => {
    log(`${name}: ${label} x${writers}`);
    const p = `/bench/${label.replace(/ /g, '-')}-${writers}/`;
    const keys = new Set(Array.from({ length: writers }, (_, w) => keyOf(w)));
    for (const k of keys) await storage.create(`${p}${k}`, object(k));
    let tries = 0;
    const tryUpdate = async (cur) => {
      tries++;
      return { ...cur, data: { ...cur.data, counter: String(Number(cur.data.counter) + 1) } };
    };
    let acked = 0;
    const ops = await run(writers, async (w) => {
      await storage.guaranteedUpdate(`${p}${keyOf(w)}`, { tryUpdate });
      acked++;
    });
    // Every acknowledged increment must be in the counters: no lost updates.
    let total = 0;
    for (const k of keys) total += Number((await storage.get(`${p}${k}`)).data.counter);
    assert.equal(total, acked, `${name} ${label}: counters sum to ${total}, ${acked} updates acknowledged`);
    rows.push([name, label, String(writers), fmt(ops), (tries / total - 1).toFixed(2)]);
    return ops;
  };
  result.update1 = await updateCase('update', 1, (w) => `k${w}`);
  result.update64 = await updateCase('update', WIDE, (w) => `k${w}`);
  result.contended = await updateCase('update 1 key', WIDE, () => 'hot');

  log(`${name}: seeding ${LIST_SIZE} for LIST`);
  const lp = '/bench/list/';
  await seed(storage, lp, LIST_SIZE);
  const full = await storage.list(lp);
  assert.equal(full.items.length, LIST_SIZE);
  const fullMs = await timeEach(() => storage.list(lp));
  const pagedMs = await timeEach(async () => {
    let items = 0;
    let cont;
    do {
      const page = await storage.list(lp, { limit: PAGE, continue: cont });
      items += page.items.length;
      cont = page.continue;
    } while (cont);
    assert.equal(items, LIST_SIZE);
  });
  result.listRow = [name, fmt(fullMs), fmt(pagedMs), String(LIST_SIZE / PAGE)];
  return { rows, result };
}

/** Raw better-sqlite3: the durable floor our SqliteStorage pays for. */
async function rawSqlite(dir) {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE kv (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value BLOB)');
  const insert = db.prepare('INSERT INTO kv (name, value) VALUES (?, ?)');
  log('raw better-sqlite3: x1 (one autocommit INSERT per write)');
  const one = await run(1, async (w, seq) => {
    insert.run(`/bench/raw-1/${seq}`, JSON.stringify(object(String(seq))));
  });
  log(`raw better-sqlite3: x${WIDE} (one transaction per tick)`);
  let queue = [];
  const flush = db.transaction((batch) => {
    for (const [key, obj] of batch) insert.run(key, JSON.stringify(obj));
  });
  const enqueue = (key, obj) =>
    new Promise((resolve) => {
      if (queue.length === 0)
        setImmediate(() => {
          const batch = queue;
          queue = [];
          flush(batch);
          for (const entry of batch) entry[2]();
        });
      queue.push([key, obj, resolve]);
    });
  const wide = await run(WIDE, (w, seq) => enqueue(`/bench/raw-64/w${w}-${seq}`, object(`w${w}-${seq}`)));
  db.close();
  return { one, wide };
}

/** A raw etcd3 put of a fresh key under `prefix`, as `op(writer, seq)`. */
const rawPut = (client, prefix) => (w, seq) => client.put(`${prefix}w${w}-${seq}`).value(JSON.stringify(object(`w${w}-${seq}`)));

/** The request EtcdStorage.create sends, through raw etcd3: put only if the key has never been created. */
const rawCreateTxn = (client, prefix) => (w, seq) => {
  const key = Buffer.from(`${prefix}w${w}-${seq}`);
  return client.kv.txn({
    compare: [{ key, target: 'Create', result: 'Equal', create_revision: 0 }],
    success: [{ request_put: { key, value: Buffer.from(JSON.stringify(object(`w${w}-${seq}`))) } }],
  });
};

/** Raw etcd3 puts: the floor our EtcdStorage pays for. */
async function rawEtcd(endpoints) {
  const client = new Etcd3({ hosts: endpoints });
  const out = {};
  for (const writers of [1, WIDE]) {
    log(`raw etcd3 put: x${writers}`);
    out[writers] = await run(writers, rawPut(client, `/raw/put-${writers}/`));
    log(`raw etcd3 txn (create if absent): x${writers}`);
    out[`txn${writers}`] = await run(writers, rawCreateTxn(client, `/raw/txn-${writers}/`));
  }
  client.close();
  return out;
}

/**
 * EtcdStorage against raw etcd3 at 64 writers, head to head: etcd and the client share 2 cores,
 * and a single pass drifts with etcd's state (its first seconds, compactions, snapshots), so
 * the cases take turns over `rounds` rounds (order reversed every other round) after one
 * unrecorded warm-up round. Returns ops/s per case per round.
 */
async function etcdHeadToHead(endpoints, rounds) {
  const client = new Etcd3({ hosts: endpoints });
  const ours = new EtcdStorage({ endpoints, prefix: '/h2h' });
  const tryUpdate = async (cur) => ({ ...cur, data: { ...cur.data, counter: String(Number(cur.data.counter) + 1) } });
  const cases = {
    'raw put': (r) => run(WIDE, rawPut(client, `/h2h-raw/put-${r}/`)),
    'raw txn': (r) => run(WIDE, rawCreateTxn(client, `/h2h-raw/txn-${r}/`)),
    'ours create': (r) => run(WIDE, (w, seq) => ours.create(`/create-${r}/w${w}-${seq}`, object(`w${w}-${seq}`))),
    'ours update': async (r) => {
      for (let w = 0; w < WIDE; w++) await ours.create(`/update-${r}/k${w}`, object(`k${w}`));
      let acked = 0;
      const ops = await run(WIDE, async (w) => {
        await ours.guaranteedUpdate(`/update-${r}/k${w}`, { tryUpdate });
        acked++;
      });
      let total = 0;
      for (let w = 0; w < WIDE; w++) total += Number((await ours.get(`/update-${r}/k${w}`)).data.counter);
      assert.equal(total, acked, `etcd head to head: counters sum to ${total}, ${acked} updates acknowledged`);
      return ops;
    },
  };
  const names = Object.keys(cases);
  const out = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = -1; r < rounds; r++) {
    for (const name of r % 2 === 0 ? names : [...names].reverse()) {
      log(`etcd head to head: round ${r < 0 ? 'warm-up' : r + 1}, ${name} x${WIDE}`);
      const ops = await cases[name](`r${r + 1}`);
      if (r >= 0) out[name].push(ops);
    }
  }
  await ours.close();
  client.close();
  return out;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const dir = mkdtempSync(join(tmpdir(), 'bench-storage-'));
let etcd;
try {
  const memoryStorage = new MemoryStorage();
  const memory = await benchBackend('memory', memoryStorage);
  await memoryStorage.close();

  const sqliteStorage = new SqliteStorage({ path: join(dir, 'ours.db') });
  const sqlite = await benchBackend('sqlite', sqliteStorage);
  const sqliteStats = sqliteStorage.stats();
  await sqliteStorage.close();
  const rawSql = await rawSqlite(dir);

  log('starting etcd');
  etcd = await startEtcd();
  const etcdStorage = new EtcdStorage({ endpoints: etcd.endpoints, prefix: '/ours' });
  const etcdRes = await benchBackend('etcd', etcdStorage);
  await etcdStorage.close();
  const rawE = await rawEtcd(etcd.endpoints);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const h2h = await etcdHeadToHead(etcd.endpoints, rounds);

  const headers = ['backend', 'case', 'writers', 'ops/s', 'retries/op'];
  const peerRows = [
    ['raw better-sqlite3', 'INSERT, autocommit', '1', fmt(rawSql.one), ''],
    ['raw better-sqlite3', 'INSERT, txn per tick', String(WIDE), fmt(rawSql.wide), ''],
    ['raw etcd3', 'put', '1', fmt(rawE[1]), ''],
    ['raw etcd3', 'put', String(WIDE), fmt(rawE[WIDE]), ''],
    ['raw etcd3', 'txn create-if-absent', '1', fmt(rawE.txn1), ''],
    ['raw etcd3', 'txn create-if-absent', String(WIDE), fmt(rawE[`txn${WIDE}`]), ''],
  ];
  console.log(`\n### Writes (${caseMs} ms per case, Node ${process.version})\n`);
  console.log(markdownTable(headers, [...memory.rows, ...sqlite.rows, ...etcdRes.rows, ...peerRows], 2));
  console.log('\n### LIST of 10,000 objects\n');
  console.log(markdownTable(['backend', 'full list, ms', `limit=${PAGE} walk, ms`, 'pages'], [memory.result.listRow, sqlite.result.listRow, etcdRes.result.listRow]));

  const s = sqlite.result;
  const e = etcdRes.result;
  console.log('\n### Ours / raw\n');
  console.log(
    markdownTable(
      ['pair', 'ours ops/s', 'raw ops/s', 'ours/raw'],
      [
        ['sqlite create x1 / INSERT autocommit', fmt(s.create1), fmt(rawSql.one), ratio(s.create1, rawSql.one)],
        [`sqlite create x${WIDE} / INSERT txn per tick`, fmt(s.create64), fmt(rawSql.wide), ratio(s.create64, rawSql.wide)],
        [`sqlite update x${WIDE} / INSERT txn per tick`, fmt(s.update64), fmt(rawSql.wide), ratio(s.update64, rawSql.wide)],
        ['etcd create x1 / put x1', fmt(e.create1), fmt(rawE[1]), ratio(e.create1, rawE[1])],
        [`etcd create x${WIDE} / put x${WIDE}`, fmt(e.create64), fmt(rawE[WIDE]), ratio(e.create64, rawE[WIDE])],
        [`etcd update x${WIDE} / put x${WIDE}`, fmt(e.update64), fmt(rawE[WIDE]), ratio(e.update64, rawE[WIDE])],
        ['etcd create x1 / txn x1', fmt(e.create1), fmt(rawE.txn1), ratio(e.create1, rawE.txn1)],
        [`etcd create x${WIDE} / txn x${WIDE}`, fmt(e.create64), fmt(rawE[`txn${WIDE}`]), ratio(e.create64, rawE[`txn${WIDE}`])],
      ],
    ),
  );
  const put = h2h['raw put'];
  const perRound = (name) => h2h[name].map((ops, i) => ops / put[i]);
  const spread = (name) => {
    const r = perRound(name);
    return `${ratio(median(h2h[name]), median(put))} (rounds ${Math.min(...r).toFixed(2)}-${Math.max(...r).toFixed(2)})`;
  };
  console.log(`\n### etcd head to head at ${WIDE} writers (${rounds} rounds after a warm-up, ${caseMs} ms per case, medians)\n`);
  console.log(
    markdownTable(
      ['case', 'median ops/s', 'per round ops/s', 'median / raw put', 'per round / raw put'],
      Object.keys(h2h).map((name) => [
        name,
        fmt(median(h2h[name])),
        h2h[name].map((x) => fmt(x)).join(', '),
        ratio(median(h2h[name]), median(put)),
        perRound(name).map((x) => x.toFixed(2)).join(', '),
      ]),
    ),
  );
  const avgBatch = sqliteStats.writes / sqliteStats.batches;
  const sqliteMet = s.create64 > 20_000;
  const createRatio = median(h2h['ours create']) / median(put);
  const updateRatio = median(h2h['ours update']) / median(put);
  const etcdMet = createRatio >= 0.8 && updateRatio >= 0.8;
  console.log('\n### Targets\n');
  console.log(
    `- SQLite group commit above 20,000 durable writes/s at ${WIDE} writers: ${sqliteMet ? 'MET' : 'NOT MET'} ` +
      `(create ${fmt(s.create64)}/s, update ${fmt(s.update64)}/s; ${fmt(avgBatch)} writes per transaction on average over the run)`,
  );
  console.log(
    `- etcd backend at >= 0.8x raw etcd3 put throughput at ${WIDE} (head to head, medians): ${etcdMet ? 'MET' : 'NOT MET'} ` +
      `(create ${spread('ours create')}, update ${spread('ours update')}; single pass: create ${ratio(e.create64, rawE[WIDE])}, update ${ratio(e.update64, rawE[WIDE])}; at 1 writer create ${ratio(e.create1, rawE[1])})`,
  );
} finally {
  await etcd?.stop();
  rmSync(dir, { recursive: true, force: true });
}
