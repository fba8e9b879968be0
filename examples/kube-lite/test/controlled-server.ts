/**
 * A kube-lite started with its own MemoryStorage and a handler wrapper, with handles a test
 * needs to disturb clients on purpose: drop the connections of open watches, hold new
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
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { type ApiServerHandler, silentLogger } from '@apiserver-kit/server';
import { MemoryStorage } from '@apiserver-kit/storage';
import { startKubeLite } from '../src/kube-lite.js';

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
  const storage = new MemoryStorage(options.historySize === undefined ? {} : { historySize: options.historySize });
  const events = new EventEmitter();
  const seen: SeenRequest[] = [];
  const watchSockets = new Set<Socket>();
  let holding = false;
  let parked: Array<() => void> = [];

  const wrapHandler = (api: ApiServerHandler) => (req: IncomingMessage, res: ServerResponse) => {
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

  const kl = await startKubeLite({
    securePort: 0,
    dataDir: dir,
    logger: silentLogger,
    storageInstance: storage,
    wrapHandler,
    clusterName: 'controlled',
  });

  return {
    url: kl.url,
    kubeconfigPath: kl.kubeconfigPath,
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
      await kl.close();
      await storage.close();
    },
  };
}
