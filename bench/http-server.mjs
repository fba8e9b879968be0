/* global process, Buffer */
/**
 * The two servers `http-list.mjs` loads, each in its own child process so the load generator
 * (autocannon, in the parent) and the server under test do not share an event loop.
 *
 *   node bench/http-server.mjs ours   createApiServer + MemoryStorage on node:http
 *   node bench/http-server.mjs peer   bare node:http answering from a Map<url, Buffer>
 *
 * Both listen on 127.0.0.1:0 and send `{ port }` to the parent over IPC. The peer then waits
 * for `{ bodies: { [url]: string } }` (the exact bytes our server answered) and answers `ok`.
 *
 * @example
 * const child = fork('bench/http-server.mjs', ['peer']);
 * child.once('message', ({ port }) => child.send({ bodies: { '/api/v1/x': '{}' } }));
 */
import http from 'node:http';
import { createApiServer, silentLogger } from '@apiserver-kit/server';
import { MemoryStorage } from '@apiserver-kit/storage';

/** @param {http.RequestListener} handler */
function listen(handler) {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 60_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function startOurs() {
  const api = createApiServer({ storage: new MemoryStorage(), logger: silentLogger });
  await api.ready;
  const server = await listen(api);
  const { port } = server.address();
  api.setExternalAddress(`127.0.0.1:${port}`);
  process.send({ port });
}

async function startPeer() {
  /** @type {Map<string, Buffer>} */
  const bodies = new Map();
  const server = await listen((req, res) => {
    const body = bodies.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.end(body);
  });
  process.on('message', (msg) => {
    if (msg && typeof msg === 'object' && 'bodies' in msg) {
      for (const [url, text] of Object.entries(msg.bodies)) bodies.set(url, Buffer.from(text, 'utf8'));
      process.send('ok');
    }
  });
  process.send({ port: server.address().port });
}

const which = process.argv[2];
if (which === 'ours') await startOurs();
else if (which === 'peer') await startPeer();
else throw new Error(`usage: http-server.mjs ours|peer (got ${which})`);
// The parent ends us with SIGTERM; leave the IPC channel open until then.
