/**
 * A kube-lite-like server assembled in the test from the same public parts kube-lite uses
 * (`loadOrCreatePki`, `writeKubeconfig`, `createApiServer`, `MemoryStorage`), with handles a
 * test needs to disturb clients on purpose: drop the connections of open watches, hold new
 * watch requests at the door, compact the storage's history, and count the requests seen.
 *
 * @example
 * const s = await startControlledServer(tmpDir);
 * s.holdWatches();
 * s.dropWatches();                       // the informer reconnects...
 * const held = await s.nextWatch();      // ...and waits at the door
 * s.storage.compact(await s.storage.currentRevision());
 * s.releaseWatches();                    // it is answered 410 and relists
 * await s.close();
 */
import { EventEmitter, once } from 'node:events';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { loadOrCreatePki, writeKubeconfig } from '@apiserver-kit/pki';
import { createApiServer, silentLogger } from '@apiserver-kit/server';
import { MemoryStorage } from '@apiserver-kit/storage';

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  watch: boolean;
}

export interface ControlledServer {
  url: string;
  kubeconfigPath: string;
  storage: MemoryStorage;
  /** Every request that reached the server, in arrival order. */
  seen: SeenRequest[];
  /** Resolves with the next watch request to arrive (held or not); rejects after `ms` as a failure guard. */
  nextWatch(ms?: number): Promise<SeenRequest>;
  /** Destroy the sockets of every watch in flight (the client sees the connection drop). */
  dropWatches(): number;
  /** From now on, park new watch requests instead of serving them. */
  holdWatches(): void;
  /** Serve the parked watch requests and stop parking. */
  releaseWatches(): void;
  close(): Promise<void>;
}

function isWatch(query: URLSearchParams): boolean {
  const w = query.get('watch');
  return w === 'true' || w === '1';
}

export async function startControlledServer(dir: string, options: { historySize?: number } = {}): Promise<ControlledServer> {
  const pki = await loadOrCreatePki(join(dir, 'pki'), { hosts: ['localhost', '127.0.0.1'] });
  const storage = new MemoryStorage(options.historySize === undefined ? {} : { historySize: options.historySize });
  const api = createApiServer({ storage, logger: silentLogger });
  await api.ready;

  const events = new EventEmitter();
  const seen: SeenRequest[] = [];
  const watchSockets = new Set<Socket>();
  let holding = false;
  let parked: Array<() => void> = [];

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'https://server');
    const entry: SeenRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, watch: isWatch(url.searchParams) };
    seen.push(entry);
    if (!entry.watch) return api(req, res);
    const socket = req.socket;
    watchSockets.add(socket);
    res.on('close', () => watchSockets.delete(socket));
    events.emit('watch', entry);
    if (holding) parked.push(() => api(req, res));
    else api(req, res);
  };

  const server = https.createServer({ cert: pki.serving.certPem, key: pki.serving.keyPem, ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: false }, handler);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const url = `https://127.0.0.1:${port}`;
  api.setExternalAddress(`127.0.0.1:${port}`);
  const kubeconfigPath = join(dir, 'admin.kubeconfig');
  await writeKubeconfig(kubeconfigPath, {
    server: url,
    caPem: pki.ca.certPem,
    clientCertPem: pki.admin.certPem,
    clientKeyPem: pki.admin.keyPem,
    clusterName: 'controlled',
  });

  return {
    url,
    kubeconfigPath,
    storage,
    seen,
    async nextWatch(ms = 20_000) {
      const [entry] = (await once(events, 'watch', { signal: AbortSignal.timeout(ms) }).catch(() => {
        throw new Error(`no watch request arrived within ${ms} ms`);
      })) as [SeenRequest];
      return entry;
    },
    dropWatches() {
      const n = watchSockets.size;
      for (const s of watchSockets) s.destroy();
      watchSockets.clear();
      return n;
    },
    holdWatches() {
      holding = true;
    },
    releaseWatches() {
      holding = false;
      const run = parked;
      parked = [];
      for (const go of run) go();
    },
    async close() {
      holding = false;
      parked = [];
      await api.close();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await storage.close();
    },
  };
}
