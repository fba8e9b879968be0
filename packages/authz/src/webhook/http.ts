/**
 * A small JSON POST over node:http(s) for the authorization webhook: a private CA, a client
 * certificate, a bearer token, a per-request timeout, a size limit, no redirects. Errors read
 * like Go's net/http ones (`Post "https://...": context deadline exceeded`), since kube puts
 * them in its log and in its 500s.
 */
import http from 'node:http';
import https from 'node:https';

export interface TlsOptions {
  caPem?: string;
  clientCertPem?: string;
  clientKeyPem?: string;
  insecureSkipTlsVerify?: boolean;
}

export interface PostResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A failure to get any answer; `transient` ones are worth retrying (kube retries connection resets). */
export class PostError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
  }
}

const maxResponseBytes = 4 * 1024 * 1024;

function describe(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connect: connection refused';
    case 'ECONNRESET':
      return 'read: connection reset by peer';
    default:
      return err.message;
  }
}

export type Poster = (body: string, headers: Record<string, string>, timeoutMs: number) => Promise<PostResult>;

/** A poster to `url` with keep-alive connections. */
export function createPoster(url: string, tls: TlsOptions): Poster {
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new TypeError(`unsupported webhook URL scheme ${u.protocol}`);
  const agentOptions: https.AgentOptions = { keepAlive: true };
  if (tls.caPem) agentOptions.ca = tls.caPem;
  if (tls.clientCertPem) agentOptions.cert = tls.clientCertPem;
  if (tls.clientKeyPem) agentOptions.key = tls.clientKeyPem;
  if (tls.insecureSkipTlsVerify) agentOptions.rejectUnauthorized = false;
  const secure = u.protocol === 'https:';
  const agent = secure ? new https.Agent(agentOptions) : new http.Agent({ keepAlive: true });
  const transport = secure ? https : http;
  const prefix = `Post ${JSON.stringify(u.href)}`;

  return (body, headers, timeoutMs) =>
    new Promise<PostResult>((resolve, reject) => {
      let settled = false;
      // Runs after timeoutMs, so `req` below exists by then.
      const timer = setTimeout(() => {
        finish(() => reject(new PostError(`${prefix}: context deadline exceeded`, false)));
        req.destroy();
      }, timeoutMs);
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const req = transport.request(
        u,
        { method: 'POST', agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxResponseBytes) {
              finish(() => reject(new PostError(`${prefix}: response body exceeds ${maxResponseBytes} bytes`, false)));
              req.destroy();
            } else chunks.push(chunk);
          });
          res.on('error', (err) => finish(() => reject(new PostError(`${prefix}: ${describe(err)}`, true))));
          res.on('end', () =>
            finish(() => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })),
          );
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        const transient = err.code === 'ECONNRESET' || err.code === 'EPIPE';
        finish(() => reject(new PostError(`${prefix}: ${describe(err)}`, transient)));
      });
      req.end(body);
    });
}
