/* global process, Buffer */
/**
 * The loopback webhook half of bench/admission.mjs: the servers (run in a child process, forked
 * from this file with `--serve`) and the timed round trips. Four pairings, each a sequence of
 * `await` calls with one in flight:
 *
 *   ours        validatingWebhooks({ source: memoryWebhookConfigSource([config]) }).validate(attrs)
 *               → admissionWebhook(servedPlugin) on node:https, caBundle from a pki CA
 *   floor       https.request with postReview's options (POST, headers, ca, the global agent)
 *               sending the precomputed review → a bare https server answering precomputed bytes
 *   split       ours client → echo server (the floor's bytes with the request's uid spliced in,
 *               so ours accepts them), and floor client → ours server
 *
 * @example
 * const w = await webhookRoundTrips({ attrs, namespace, calls: 2000, warmup: 2000 });
 * console.log(webhookReport(w)); // | case | p50 µs | p99 µs | ...
 */
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { admissionWebhook, memoryWebhookConfigSource, respondToReview, reviewFromAttributes, validatingWebhooks } from '@apiserver-kit/admission';
import { createCA, createServingCert } from '@apiserver-kit/pki';
import { fmt, markdownTable } from './table.mjs';

/** What the webhook serves: a typical small validating check. */
const servedPlugin = {
  name: 'RequireAppLabel',
  async validate(attrs) {
    if (!attrs.object?.metadata.labels?.app) throw new Error('unreachable in this bench: every object has an app label');
  },
};

// --- the child process: the webhook servers ------------------------------------------------

/**
 * Serves, each on 127.0.0.1:0 with the same certificate: `ours` (admissionWebhook), `floor`
 * (the precomputed response bytes, whatever the request) and `echo` (the same bytes with the
 * request's uid spliced in, found by a regex, so that ours client accepts the answer; used only
 * to split ours' time between client and server).
 */
function serve() {
  process.once('message', ({ cert, key, floorResponse, floorUid }) => {
    const floorBytes = Buffer.from(floorResponse);
    const [before, after] = floorResponse.split(floorUid);
    const answer = (res, bytes) => {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': bytes.length });
      res.end(bytes);
    };
    const handlers = {
      ours: admissionWebhook(servedPlugin),
      floor: (req, res) => {
        req.on('data', () => {});
        req.on('end', () => answer(res, floorBytes));
      },
      echo: (req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          const uid = /"uid":"([^"]*)"/.exec(Buffer.concat(chunks).toString('latin1'))?.[1] ?? '';
          answer(res, Buffer.from(before + uid + after));
        });
      },
    };
    const servers = {};
    const connections = {};
    const ports = {};
    for (const [name, handler] of Object.entries(handlers)) {
      const server = (servers[name] = https.createServer({ cert, key }, handler));
      connections[name] = 0;
      server.on('secureConnection', () => connections[name]++);
      server.listen(0, '127.0.0.1', () => {
        ports[name] = server.address().port;
        if (Object.keys(ports).length === Object.keys(handlers).length) process.send(ports);
      });
    }
    process.on('message', (m) => {
      if (m === 'connections') process.send({ connections });
      if (m === 'exit') {
        for (const server of Object.values(servers)) {
          server.close();
          server.closeAllConnections();
        }
        process.disconnect();
      }
    });
  });
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

function summary(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { n: sorted.length, p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), mean, max: sorted[sorted.length - 1] };
}

// --- the parent: the round trips ---------------------------------------------------------------

/**
 * Times `validate(attrs)` round trips for the four pairings: ours, floor, ours client → echo
 * server, floor client → ours server. `attrs` is a ConfigMap CREATE in `namespace`. Returns a
 * summary (µs) per pairing, the TLS connections each server accepted, and the message sizes.
 */
export async function webhookRoundTrips({ attrs, namespace, calls = 2000, warmup = 2000, block = 250 }) {
  const ca = createCA({ commonName: 'admission-bench-ca' });
  const serving = createServingCert(ca, { commonName: 'admission-bench-webhook', dnsNames: [], ipAddresses: ['127.0.0.1'] });
  const caPem = ca.certPem;
  const caBundle = Buffer.from(caPem).toString('base64');

  // The floor's request and answer: the review ours sends and the response ours answers, as text.
  const floorUid = '705ab4f5-6393-11e8-b7cc-42010a800002';
  const review = reviewFromAttributes(attrs, { uid: floorUid });
  const floorBody = JSON.stringify(review);
  const floorResponse = JSON.stringify(await respondToReview(servedPlugin, review));

  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise((resolve) => child.once('message', resolve));
  const portsP = next();
  child.send({ cert: serving.certPem, key: serving.keyPem, floorResponse, floorUid });
  const ports = await portsP;

  const webhookPlugin = (port) =>
    validatingWebhooks({
      source: memoryWebhookConfigSource([
        {
          apiVersion: 'admissionregistration.k8s.io/v1',
          kind: 'ValidatingWebhookConfiguration',
          metadata: { name: 'bench' },
          webhooks: [
            {
              name: 'require-app-label.bench.example.com',
              sideEffects: 'None',
              admissionReviewVersions: ['v1'],
              failurePolicy: 'Fail',
              timeoutSeconds: 10,
              clientConfig: { url: `https://127.0.0.1:${port}/validate`, caBundle },
              rules: [{ operations: ['CREATE', 'UPDATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }],
            },
          ],
        },
      ]),
      namespaceLookup: (n) => (n === 'default' ? namespace : undefined),
    });

  // The floor client: postReview's request options (method, headers, ca, the global agent),
  // nothing else: no review building, no timer, no abort signal, no parsing.
  const floorClient = (port) => {
    const url = `https://127.0.0.1:${port}/validate?timeout=10s`;
    return () =>
      new Promise((resolve, reject) => {
        const req = https.request(
          url,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              accept: 'application/json, */*',
              'user-agent': 'kube-apiserver-admission',
              'content-length': String(Buffer.byteLength(floorBody)),
            },
            ca: caPem,
          },
          (res) => {
            let size = 0;
            res.on('data', (c) => (size += c.length));
            res.on('error', reject);
            res.on('end', () => resolve(res.statusCode === 200 ? size : -1));
          },
        );
        req.on('error', reject);
        req.end(floorBody);
      });
  };

  const oursPlugin = webhookPlugin(ports.ours);
  const echoPlugin = webhookPlugin(ports.echo);
  const cases = {
    ours: () => oursPlugin.validate(attrs),
    floor: floorClient(ports.floor),
    oursClient: () => echoPlugin.validate(attrs),
    oursServer: floorClient(ports.ours),
  };

  // All answer before timing: ours client accepts the answers, the servers answer 200 with the same size.
  await oursPlugin.validate(attrs);
  await echoPlugin.validate(attrs);
  assert.equal(await cases.floor(), Buffer.byteLength(floorResponse));
  assert.equal(await cases.oursServer(), Buffer.byteLength(floorResponse));

  const run = async (fn, n) => {
    const out = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      await fn();
      out.push((performance.now() - t0) * 1000);
    }
    return out;
  };
  const samples = {};
  for (const [name, fn] of Object.entries(cases)) {
    await run(fn, warmup);
    samples[name] = [];
  }
  // Alternate blocks, so drift in the machine's load falls on all alike.
  for (let done = 0; done < calls; done += block) {
    const n = Math.min(block, calls - done);
    for (const [name, fn] of Object.entries(cases)) samples[name].push(...(await run(fn, n)));
  }
  const connectionsP = next();
  child.send('connections');
  const { connections } = await connectionsP;
  child.send('exit');
  https.globalAgent.destroy();
  return {
    ...Object.fromEntries(Object.entries(samples).map(([name, v]) => [name, summary(v)])),
    connections,
    requestBytes: Buffer.byteLength(floorBody),
    responseBytes: Buffer.byteLength(floorResponse),
  };
}

/** The webhook tables, as markdown. */
export function webhookReport(w) {
  const out = [];
  const x = (a, b) => `${(a / b).toFixed(2)}x`;
  const row = (name, s) => [name, fmt(s.p50), fmt(s.p99), fmt(s.mean), fmt(s.max), String(s.n)];
  out.push(`\nLoopback webhook, µs per sequential call (request ${w.requestBytes} B, response ${w.responseBytes} B, TLS, keep-alive):\n`);
  out.push(
    markdownTable(
      ['case', 'p50 µs', 'p99 µs', 'mean µs', 'max µs', 'calls'],
      [
        row('ours: validatingWebhooks().validate() → admissionWebhook()', w.ours),
        row('floor: https.request → bare https server, precomputed bytes', w.floor),
        ['**ours − floor**', `**${fmt(w.ours.p50 - w.floor.p50)}**`, fmt(w.ours.p99 - w.floor.p99), fmt(w.ours.mean - w.floor.mean), '', ''],
        ['**ours ÷ floor**', `**${x(w.ours.p50, w.floor.p50)}**`, x(w.ours.p99, w.floor.p99), x(w.ours.mean, w.floor.mean), '', ''],
      ],
      1,
    ),
  );
  out.push('\nWhere ours spends it: one side ours, the other the floor (the echo server splices the uid in):\n');
  out.push(
    markdownTable(
      ['pairing', 'p50 µs', 'p99 µs', 'mean µs', 'p50 over floor µs'],
      [
        ['ours client → echo server', fmt(w.oursClient.p50), fmt(w.oursClient.p99), fmt(w.oursClient.mean), fmt(w.oursClient.p50 - w.floor.p50)],
        ['floor client → ours server', fmt(w.oursServer.p50), fmt(w.oursServer.p99), fmt(w.oursServer.mean), fmt(w.oursServer.p50 - w.floor.p50)],
      ],
      1,
    ),
  );
  const opened = Object.entries(w.connections).map(([k, v]) => `${k} ${v}`).join(', ');
  out.push(`\nTLS connections opened per server (warmup included): ${opened}.`);
  return out.join('\n');
}

if (process.argv[2] === '--serve') serve();
