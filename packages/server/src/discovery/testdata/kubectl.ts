/**
 * Test helpers: a node:http server on 127.0.0.1:0 serving only discovery and OpenAPI documents
 * (plus an optional fake resource handler), and an async kubectl runner pointed at it with a
 * private cache directory.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResourceDefinition } from '@apiserver-kit/core';
import { buildOpenApi } from '../../openapi/serve.js';
import type { OpenApiOptions } from '../../openapi/v3.js';
import { buildDiscovery } from '../serve.js';

export const kubectlPath = '/usr/bin/kubectl';
export const hasKubectl = existsSync(kubectlPath);

export interface Recorded {
  method: string;
  url: string;
  accept: string;
  contentType: string;
  body: string;
}

export type FakeHandler = (r: Recorded, res: http.ServerResponse) => boolean;

export interface DocumentServer {
  url: string;
  requests: Recorded[];
  kubectl(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }>;
  close(): Promise<void>;
}

export async function serveDocuments(defs: ResourceDefinition[], fake?: FakeHandler, openApiOptions?: OpenApiOptions): Promise<DocumentServer> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: Recorded = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        accept: req.headers.accept ?? '',
        contentType: req.headers['content-type'] ?? '',
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(r);
      const inm = req.headers['if-none-match'];
      const path = r.url;
      const answer = path.startsWith('/openapi') ? openapi.serve(path, r.accept, inm) : discovery.serve(path, r.accept, inm);
      if (answer && r.method === 'GET') {
        res.writeHead(answer.status, answer.headers).end(answer.body);
        return;
      }
      if (path.startsWith('/version')) {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ major: '1', minor: '32', gitVersion: 'v1.32.0' }));
        return;
      }
      if (fake?.(r, res)) return;
      res.writeHead(404, { 'Content-Type': 'application/json' }).end(
        JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: 'not found' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const discovery = buildDiscovery(defs, { serverAddress: `127.0.0.1:${port}` });
  const openapi = buildOpenApi(defs, openApiOptions);
  const home = await mkdtemp(join(tmpdir(), 'kubectl-docs-'));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    requests,
    kubectl(args, stdin) {
      return new Promise((resolve) => {
        const child = execFile(
          kubectlPath,
          ['--server', url, '--cache-dir', join(home, 'cache'), ...args],
          { env: { PATH: process.env.PATH ?? '', HOME: home, KUBECONFIG: join(home, 'none') }, timeout: 30_000 },
          (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
            resolve({ code, stdout, stderr });
          },
        );
        if (stdin !== undefined) child.stdin?.end(stdin);
      });
    },
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(home, { recursive: true, force: true });
    },
  };
}

/**
 * A fake object store for kubectl apply/create: POST stores the body, GET of an item returns
 * it, PATCH returns it unchanged (the test only looks at what kubectl sent).
 */
export function fakeStore(): FakeHandler {
  const objects = new Map<string, unknown>();
  return (r, res) => {
    const path = r.url.split('?')[0]!;
    const send = (code: number, body: unknown) => {
      res.writeHead(code, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
      return true;
    };
    if (r.method === 'POST') {
      const obj = JSON.parse(r.body) as { metadata: { name: string } };
      Object.assign(obj.metadata, { uid: 'u-1', resourceVersion: '1', creationTimestamp: '2024-01-01T00:00:00Z' });
      objects.set(`${path}/${obj.metadata.name}`, obj);
      return send(201, obj);
    }
    const found = objects.get(path);
    if (found && (r.method === 'GET' || r.method === 'PATCH')) return send(200, found);
    return false;
  };
}
