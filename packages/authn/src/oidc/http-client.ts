/**
 * A small fetch-compatible HTTP(S) client over node:https, for remote authenticators that must
 * trust a private CA or present a client certificate (Node 20's global fetch takes neither).
 * Responses are size-limited and redirects are never followed.
 *
 * @example
 * const fetch = createTlsFetch({ caPem: fs.readFileSync('issuer-ca.crt', 'utf8') });
 * const res = await fetch('https://issuer.example/.well-known/openid-configuration', { signal: AbortSignal.timeout(5000) });
 */
import http from 'node:http';
import https from 'node:https';

/** What remote authenticators need of fetch; the global fetch fits. */
export type FetchLike = (
  url: string,
  init: { method?: string; headers?: Headers | Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<Response>;

export interface TlsClientOptions {
  /** PEM CA bundle to trust instead of the system roots. */
  caPem?: string;
  /** PEM client certificate and key to present. */
  clientCertPem?: string;
  clientKeyPem?: string;
  /** Skips server certificate verification (kubeconfig `insecure-skip-tls-verify`). */
  insecureSkipTlsVerify?: boolean;
  /** Largest response body accepted; default 4 MiB. */
  maxResponseBytes?: number;
}

const nullBodyStatuses = new Set([101, 204, 205, 304]);

function requestHeaders(h: Headers | Record<string, string> | undefined): Record<string, string> {
  if (!h) return {};
  if (h instanceof Headers) return Object.fromEntries(h.entries());
  return { ...h };
}

function responseHeaders(raw: http.IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

export function createTlsFetch(options: TlsClientOptions = {}): FetchLike {
  const maxBytes = options.maxResponseBytes ?? 4 * 1024 * 1024;
  const tls: https.AgentOptions = { keepAlive: true };
  if (options.caPem) tls.ca = options.caPem;
  if (options.clientCertPem) tls.cert = options.clientCertPem;
  if (options.clientKeyPem) tls.key = options.clientKeyPem;
  if (options.insecureSkipTlsVerify) tls.rejectUnauthorized = false;
  const httpsAgent = new https.Agent(tls);
  const httpAgent = new http.Agent({ keepAlive: true });

  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const u = new URL(url);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') {
        reject(new TypeError(`unsupported URL scheme ${u.protocol}`));
        return;
      }
      const headers = requestHeaders(init.headers);
      if (init.body !== undefined) headers['content-length'] = String(Buffer.byteLength(init.body));
      const fail = (err: unknown) => reject(init.signal?.aborted ? init.signal.reason : err);
      const transport = u.protocol === 'https:' ? https : http;
      const req = transport.request(
        u,
        { method: init.method ?? 'GET', headers, agent: u.protocol === 'https:' ? httpsAgent : httpAgent, signal: init.signal },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) {
              fail(new Error(`response from ${u.host} exceeds ${maxBytes} bytes`));
              req.destroy();
              return;
            }
            chunks.push(chunk);
          });
          res.on('error', fail);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status < 200 || status > 599) {
              fail(new Error(`unexpected HTTP status ${status} from ${u.host}`));
              return;
            }
            const body = nullBodyStatuses.has(status) ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, headers: responseHeaders(res.headers) }));
          });
        },
      );
      req.on('error', fail);
      req.end(init.body);
    });
}
