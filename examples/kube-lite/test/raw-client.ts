/**
 * A raw HTTPS client for hostile-input tests: it authenticates with the admin client
 * certificate kube-lite wrote under `<dataDir>/pki/` and sends exactly the bytes and headers it
 * is given (no path normalisation, Content-Length or chunked bodies on request), so tests can
 * send what well-behaved clients never would.
 *
 * @example
 * const api = await rawClient(kl.url, join(dir, 'data', 'pki'));
 * const r = await api.request('POST', '/api/v1/namespaces/default/configmaps', { body: '{bad' });
 * r.status; // 400
 * r.json(); // { kind: 'Status', ... }
 */
import { readFile } from 'node:fs/promises';
import https from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json(): Record<string, unknown>;
}

export interface RawRequestOptions {
  body?: string | Buffer;
  headers?: Record<string, string>;
  /**
   * How the body is framed: 'length' (default) sets Content-Length; 'chunked' streams it in
   * 64 KiB chunks with Transfer-Encoding: chunked and no Content-Length.
   */
  framing?: 'length' | 'chunked';
}

export interface RawClient {
  request(method: string, path: string, options?: RawRequestOptions): Promise<RawResponse>;
}

export async function rawClient(url: string, pkiDir: string): Promise<RawClient> {
  const [ca, cert, key] = await Promise.all([
    readFile(join(pkiDir, 'ca.crt'), 'utf8'),
    readFile(join(pkiDir, 'admin.crt'), 'utf8'),
    readFile(join(pkiDir, 'admin.key'), 'utf8'),
  ]);
  const base = new URL(url);
  return {
    request(method, path, options = {}) {
      const body = options.body === undefined ? undefined : Buffer.from(options.body);
      const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
      const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
      if (body && !hasType) headers['Content-Type'] = 'application/json';
      if (body && options.framing !== 'chunked') headers['Content-Length'] = String(body.length);
      return new Promise<RawResponse>((resolve, reject) => {
        const req = https.request(
          { host: base.hostname, port: base.port, method, path, headers, ca, cert, key, agent: false },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              resolve({
                status: res.statusCode ?? 0,
                headers: res.headers,
                body: text,
                json: () => JSON.parse(text) as Record<string, unknown>,
              });
            });
          },
        );
        // The server may answer (413) and close before it read everything we send: a write
        // error then is not the outcome, the response (or its absence) is.
        let responded = false;
        req.on('response', () => (responded = true));
        req.on('error', (err: NodeJS.ErrnoException) => {
          if (err.code !== 'EPIPE' && err.code !== 'ECONNRESET') reject(err);
        });
        req.on('close', () => {
          if (!responded) reject(new Error(`${method} ${path}: connection closed without a response`));
        });
        if (!body) {
          req.end();
        } else if (options.framing === 'chunked') {
          const size = 64 * 1024;
          for (let i = 0; i < body.length; i += size) req.write(body.subarray(i, i + size));
          req.end();
        } else {
          req.end(body);
        }
      });
    },
  };
}
