/**
 * HTTP-level test helpers: an API server from `createApiServer` on an ephemeral port (node:http,
 * node:https or Express 5), a small client that answers status / headers / parsed body, and a
 * watch reader that hands out the JSON-lines stream one event at a time.
 *
 * Every server started here is remembered; call `closeAll` in afterEach/afterAll.
 *
 * @example
 * afterEach(closeAll);
 * it('creates', async () => {
 *   const s = await startServer();
 *   const w = await s.watch(`${cmPath()}?watch=1`);
 *   const r = await s.request('POST', cmPath(), { body: configMap('a') });
 *   expect(r.status).toBe(201);
 *   expect((await w.next())?.type).toBe('ADDED');
 * });
 */
import http, { type IncomingHttpHeaders, type IncomingMessage, type RequestListener } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { ApiObject } from '@apiserver-kit/core';
import { createCA, createServingCert } from '@apiserver-kit/pki';
import { type ApiServerHandler, type ApiServerOptions, createApiServer, silentLogger } from '@apiserver-kit/server';
import { MemoryStorage } from '@apiserver-kit/storage';
import express from 'express';

/** Failure guard for anything awaited from the network; never a correctness timer. */
export const guardMs = 10_000;

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON when the answer is JSON; {} otherwise (read `text`). */
  body: Record<string, unknown>;
}

export interface RequestOptions {
  /** An object is sent as JSON; a string or Buffer as is. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface WatchEvent {
  type: string;
  object: ApiObject & Record<string, unknown>;
}

export interface WatchStream {
  status: number;
  headers: IncomingHttpHeaders;
  /** The next event, or null once the server ended the stream. Rejects after `guardMs`. */
  next(): Promise<WatchEvent | null>;
  /** The next `n` events; rejects if the stream ends first. */
  take(n: number): Promise<WatchEvent[]>;
  /** Resolves when the server ends the stream, with the events not read yet. */
  ended(): Promise<WatchEvent[]>;
  close(): void;
}

export interface Client {
  url: string;
  request(method: string, path: string, opts?: RequestOptions): Promise<Reply>;
  /** GET `path` and read it as a watch stream. */
  watch(path: string, opts?: { headers?: Record<string, string> }): Promise<WatchStream>;
}

export interface TestServer extends Client {
  api: ApiServerHandler;
  storage: MemoryStorage;
}

interface Listening {
  url: string;
  ca?: string;
  close(): Promise<void>;
}

/** How the handler is mounted: one shared suite runs against each. */
export interface Adapter {
  name: string;
  listen(api: ApiServerHandler): Promise<Listening>;
}

async function listenOn(server: http.Server, scheme: string, ca?: string): Promise<Listening> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    ...(ca ? { ca } : {}),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let tlsMaterial: { ca: string; cert: string; key: string } | undefined;

function tls() {
  if (!tlsMaterial) {
    const ca = createCA({ commonName: 'test-ca' });
    const serving = createServingCert(ca, { commonName: 'apiserver', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
    tlsMaterial = { ca: ca.certPem, cert: serving.certPem, key: serving.keyPem };
  }
  return tlsMaterial;
}

export const nodeHttp: Adapter = {
  name: 'node:http',
  listen: (api) => listenOn(http.createServer(api as RequestListener), 'http'),
};

export const nodeHttps: Adapter = {
  name: 'node:https',
  listen: (api) => {
    const t = tls();
    return listenOn(https.createServer({ cert: t.cert, key: t.key }, api as RequestListener), 'https', t.ca);
  },
};

/** Express 5 with the API at the root and an ordinary route beside it. */
export const expressApp: Adapter = {
  name: 'express',
  listen: (api) => {
    const app = express();
    app.get('/hello', (_req, res) => {
      res.json({ hello: 'world' });
    });
    app.use(api);
    return listenOn(http.createServer(app), 'http');
  },
};

export const adapters: Adapter[] = [nodeHttp, nodeHttps, expressApp];

function send(base: Listening, method: string, path: string, opts: RequestOptions = {}): Promise<IncomingMessage> {
  const url = new URL(path, base.url);
  const headers: Record<string, string> = { ...opts.headers };
  let payload: Buffer | undefined;
  if (opts.body !== undefined) {
    payload = Buffer.isBuffer(opts.body)
      ? opts.body
      : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
    if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['Content-Type'] = 'application/json';
    headers['Content-Length'] = String(payload.length);
  }
  const mod = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { method, headers, agent: false, ...(base.ca ? { ca: base.ca } : {}) }, (res) => {
      // The server may answer (413) before the upload finished; later write errors are moot.
      req.removeListener('error', reject);
      req.on('error', () => {});
      resolve(res);
    });
    req.on('error', reject);
    req.setTimeout(guardMs, () => req.destroy(new Error(`${method} ${path}: no answer within ${guardMs} ms`)));
    req.end(payload);
  });
}

function parseBody(headers: IncomingHttpHeaders, text: string): Reply['body'] {
  const type = headers['content-type'] ?? '';
  if (!type.includes('json') || text === '') return {};
  return JSON.parse(text) as Reply['body'];
}

async function readAll(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function watchStream(res: IncomingMessage, path: string): WatchStream {
  const events: WatchEvent[] = [];
  const waiters: Array<() => void> = [];
  let done = false;
  let failure: Error | undefined;
  let partial = '';
  const wake = () => {
    for (const w of waiters.splice(0)) w();
  };
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => {
    partial += chunk;
    let nl: number;
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl).trim();
      partial = partial.slice(nl + 1);
      if (line === '') continue;
      try {
        events.push(JSON.parse(line) as WatchEvent);
      } catch {
        failure = new Error(`watch ${path}: not a JSON line: ${line}`);
      }
    }
    wake();
  });
  const finish = () => {
    if (partial.trim() !== '') failure ??= new Error(`watch ${path}: stream ended inside a line: ${partial}`);
    done = true;
    wake();
  };
  res.on('end', finish);
  res.on('close', finish);
  res.on('error', finish);
  const settled = (check: () => boolean, what: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`watch ${path}: ${what} within ${guardMs} ms`)), guardMs);
      const poll = () => {
        if (failure) {
          clearTimeout(timer);
          reject(failure);
        } else if (check()) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(poll);
      };
      poll();
    });
  const stream: WatchStream = {
    status: res.statusCode ?? 0,
    headers: res.headers,
    async next() {
      await settled(() => events.length > 0 || done, 'no event');
      return events.shift() ?? null;
    },
    async take(n) {
      const out: WatchEvent[] = [];
      for (let i = 0; i < n; i++) {
        const ev = await stream.next();
        if (!ev) throw new Error(`watch ${path}: stream ended after ${out.length} of ${n} events: ${JSON.stringify(out)}`);
        out.push(ev);
      }
      return out;
    },
    async ended() {
      await settled(() => done, 'the stream did not end');
      return events.splice(0);
    },
    close: () => res.destroy(),
  };
  return stream;
}

/** A client for a listening server. */
export function clientFor(base: Listening): Client {
  return {
    url: base.url,
    async request(method, path, opts) {
      const res = await send(base, method, path, opts);
      const text = await readAll(res);
      return { status: res.statusCode ?? 0, headers: res.headers, text, body: parseBody(res.headers, text) };
    },
    async watch(path, opts = {}) {
      const res = await send(base, 'GET', path, opts);
      return watchStream(res, path);
    },
  };
}

const running: Array<() => Promise<void>> = [];

export type ServerOptions = Partial<ApiServerOptions> & {
  adapter?: Adapter;
  /** MemoryStorage history size (small to test compaction). */
  historySize?: number;
};

/** Start an API server on 127.0.0.1:0 once it is ready; `closeAll` stops it. */
export async function startServer(options: ServerOptions = {}): Promise<TestServer> {
  const { adapter = nodeHttp, historySize, ...rest } = options;
  const storage = new MemoryStorage(historySize === undefined ? {} : { historySize });
  const api = createApiServer({ logger: silentLogger, ...rest, storage });
  await api.ready;
  const listening = await adapter.listen(api);
  running.push(async () => {
    await api.close();
    await storage.close();
    await listening.close();
  });
  return { ...clientFor(listening), api, storage };
}

/** Stop every server `startServer` started (watch streams end with them). */
export async function closeAll(): Promise<void> {
  const all = running.splice(0);
  await Promise.all(all.map((stop) => stop()));
}

/** A ConfigMap body. */
export function configMap(name: string, data: Record<string, string> = {}, meta: Record<string, unknown> = {}): ApiObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...meta }, data };
}

export const cmPath = (ns = 'default', name = '') => `/api/v1/namespaces/${ns}/configmaps${name ? `/${name}` : ''}`;

/** A promise and the functions that settle it (a gate a test opens when it chooses). */
export function deferred<T = void>(): { promise: Promise<T>; resolve(v: T): void; reject(e: unknown): void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** The items of a list body. */
export function items(list: unknown): Array<ApiObject & Record<string, unknown>> {
  return ((list as { items?: unknown[] } | undefined)?.items ?? []) as Array<ApiObject & Record<string, unknown>>;
}

/** metadata of a reply body or event object, typed loosely for assertions. */
export function meta(obj: unknown): Record<string, unknown> & { name?: string; resourceVersion?: string; uid?: string } {
  return ((obj as { metadata?: Record<string, unknown> } | undefined)?.metadata ?? {}) as ReturnType<typeof meta>;
}
