/**
 * A raw node:http(s) client for the tests: no supertest, no fetch agent tricks, so a test can
 * present a client certificate and see exactly the status, headers and body the app wrote.
 *
 * @example
 * const res = await send(`${url}/api/me`, { headers: { authorization: 'Bearer t' } });
 * expect(res.status).toBe(200);
 */
import http from 'node:http';
import https from 'node:https';

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** For https: the CA that signed the serving certificate, and an optional client certificate. */
  tls?: { ca: string; cert?: string; key?: string };
}

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON; undefined when it is not JSON. */
  json: unknown;
}

export function send(url: string, options: SendOptions = {}): Promise<Reply> {
  const target = new URL(url);
  const headers = { ...options.headers };
  if (options.body !== undefined) headers['content-length'] = String(Buffer.byteLength(options.body));
  const common = { method: options.method ?? 'GET', headers, agent: false as const };
  return new Promise((resolve, reject) => {
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    };
    const req =
      target.protocol === 'https:'
        ? https.request(target, { ...common, ...options.tls }, onResponse)
        : http.request(target, common, onResponse);
    req.on('error', reject);
    req.end(options.body);
  });
}
