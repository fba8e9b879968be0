/**
 * Serving the app over http, or https that asks for (but does not demand) client
 * certificates, so certificate users and token users share one port. The certificate chain
 * is verified by the app's x509 authenticator, not by the TLS layer.
 *
 * @example
 * const running = await startServer(createApp({ clientCA }), { port: 8443, tls: { cert, key, clientCA } });
 * console.log(running.url); // https://127.0.0.1:8443
 * await running.close();
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';

export interface TlsOptions {
  /** Serving certificate and key, PEM. */
  cert: string;
  key: string;
  /** When set, clients are asked for a certificate (verified later by the app against its client CA). */
  clientCA?: string;
}

export interface ServeOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  tls?: TlsOptions;
}

export interface RunningServer {
  server: http.Server;
  /** e.g. `https://127.0.0.1:8443` */
  url: string;
  close(): Promise<void>;
}

export function startServer(handler: RequestListener, options: ServeOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const tls = options.tls;
  const server: http.Server = tls
    ? https.createServer(
        {
          cert: tls.cert,
          key: tls.key,
          ...(tls.clientCA === undefined ? {} : { ca: tls.clientCA, requestCert: true, rejectUnauthorized: false }),
        },
        handler,
      )
    : http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        server,
        url: `${tls ? 'https' : 'http'}://${shown}:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}
