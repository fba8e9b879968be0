import type { IncomingMessage, ServerResponse } from 'node:http';
import net from 'node:net';
import { kubeconfigYaml } from '@apiserver-kit/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenContext } from '../token.js';
import { type TestServer, readBody, sendJson, serveHttps, testClientCert } from '../oidc/testdata/https.js';
import { type WebhookTokenAuthenticatorOptions, webhookTokenAuthenticator } from './authenticator.js';
import { loadWebhookConfig } from './kubeconfig.js';
import { authOutcome } from '../testing/index.js';

interface Seen {
  body: unknown;
  headers: IncomingMessage['headers'];
  clientCN: string | undefined;
}

let server: TestServer;
let seen: Seen[] = [];
let respond: (body: Record<string, unknown>, res: ServerResponse) => void;

const client = testClientCert('kube-apiserver');

beforeAll(async () => {
  server = await serveHttps(
    (req, res) => {
      void readBody(req).then((text) => {
        const body = JSON.parse(text) as Record<string, unknown>;
        const peer = (req.socket as unknown as { getPeerCertificate(): { subject?: { CN?: string } } }).getPeerCertificate();
        seen.push({ body, headers: req.headers, clientCN: peer.subject?.CN });
        respond(body, res);
      });
    },
    { requireClientCert: true },
  );
});
afterAll(() => server.close());

function webhook(extra: Partial<WebhookTokenAuthenticatorOptions> = {}) {
  seen = [];
  return webhookTokenAuthenticator({
    url: `${server.url}/authenticate`,
    caPem: server.caPem,
    clientCertPem: client.certPem,
    clientKeyPem: client.keyPem,
    retry: { attempts: 3, backoffMs: 1 },
    ...extra,
  });
}

function reviewStatus(status: Record<string, unknown>) {
  return (body: Record<string, unknown>, res: ServerResponse) => sendJson(res, 200, { ...body, status });
}

const outcome = authOutcome;

const ctx: TokenContext = {};

describe('webhookTokenAuthenticator', () => {
  it('POSTs a v1 TokenReview over mutual TLS and returns the reviewed user', async () => {
    respond = reviewStatus({
      authenticated: true,
      user: { username: 'jane', uid: '42', groups: ['dev'], extra: { scopes: ['read', 'write'] } },
    });
    const result = await webhook().authenticateToken('secret-token', ctx);
    expect(result).toEqual({ user: { name: 'jane', uid: '42', groups: ['dev'], extra: { scopes: ['read', 'write'] } } });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.body).toEqual({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 'secret-token' } });
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(seen[0]!.clientCN).toBe('kube-apiserver');
  });

  it('sends the requested audiences and the bearer token of its kubeconfig user, in the chosen version', async () => {
    respond = reviewStatus({ authenticated: true, user: { username: 'jane' }, audiences: ['api', 'other'] });
    const result = await webhook({ version: 'v1beta1', bearerToken: 'hook-secret' }).authenticateToken('t', { audiences: ['api'] });
    expect(result).toEqual({ user: { name: 'jane', groups: [] }, audiences: ['api'] });
    expect(seen[0]!.body).toEqual({ apiVersion: 'authentication.k8s.io/v1beta1', kind: 'TokenReview', spec: { token: 't', audiences: ['api'] } });
    expect(seen[0]!.headers.authorization).toBe('Bearer hook-secret');
  });

  it('has no opinion when the reviewed audiences miss the requested ones, and falls back to the API audiences', async () => {
    respond = reviewStatus({ authenticated: true, user: { username: 'jane' }, audiences: ['vault'] });
    expect(await webhook().authenticateToken('t', { audiences: ['api'] })).toBeNull();
    respond = reviewStatus({ authenticated: true, user: { username: 'jane' } });
    expect(await webhook({ audiences: ['api'] }).authenticateToken('t', { audiences: ['vault'] })).toBeNull();
    expect((await webhook({ audiences: ['api'] }).authenticateToken('t', { audiences: ['api'] }))?.audiences).toEqual(['api']);
  });

  it('has no opinion about an unauthenticated review without error, and rejects one with an error without leaking it', async () => {
    respond = reviewStatus({ authenticated: false });
    expect(await webhook().authenticateToken('t', ctx)).toBeNull();
    respond = reviewStatus({ authenticated: false, error: 'token revoked by admin bob at 10.0.0.5' });
    expect(await outcome(webhook().authenticateToken('t', ctx))).toBe('401 webhook: the token was rejected');
  });

  it('retries 5xx and 429 answers with backoff and succeeds when the webhook recovers', async () => {
    let calls = 0;
    respond = (body, res) => {
      calls++;
      if (calls === 1) sendJson(res, 500, {});
      else if (calls === 2) sendJson(res, 429, {});
      else sendJson(res, 200, { ...body, status: { authenticated: true, user: { username: 'jane' } } });
    };
    expect(await outcome(webhook().authenticateToken('t', ctx))).toBe('ok jane');
    expect(calls).toBe(3);
  });

  it('gives up with 401 after the configured attempts', async () => {
    respond = (_body, res) => sendJson(res, 503, {});
    expect(await outcome(webhook({ retry: { attempts: 4, backoffMs: 1 } }).authenticateToken('t', ctx))).toBe(
      '401 webhook: token review failed',
    );
    expect(seen).toHaveLength(4);
  });

  it('does not retry a client error', async () => {
    respond = (_body, res) => sendJson(res, 400, {});
    expect(await outcome(webhook().authenticateToken('t', ctx))).toBe('401 webhook: token review failed with HTTP 400');
    expect(seen).toHaveLength(1);
  });

  it('rejects malformed answers', async () => {
    respond = (_body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('not json');
    expect(await outcome(webhook().authenticateToken('t', ctx))).toBe('401 webhook: malformed TokenReview response');
    respond = reviewStatus({ authenticated: true, user: { username: 'jane', groups: 'dev' } });
    expect(await outcome(webhook().authenticateToken('t', ctx))).toBe('401 webhook: malformed TokenReview response');
    respond = reviewStatus({ authenticated: true, user: {} });
    expect(await outcome(webhook().authenticateToken('t', ctx))).toBe('401 webhook: malformed TokenReview response');
  });

  it('fails with 401 when the webhook is unreachable or silent', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as net.AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    expect(await outcome(webhook({ url: `https://127.0.0.1:${port}/` }).authenticateToken('t', ctx))).toBe(
      '401 webhook: token review failed',
    );
    respond = () => {
      /* never answers */
    };
    expect(await outcome(webhook({ timeoutMs: 50, retry: { attempts: 2, backoffMs: 1 } }).authenticateToken('t', ctx))).toBe(
      '401 webhook: token review failed',
    );
    expect(seen).toHaveLength(2);
  });

  it('fails with 401 when it cannot present the client certificate the webhook requires', async () => {
    respond = reviewStatus({ authenticated: true, user: { username: 'jane' } });
    const noCert = webhookTokenAuthenticator({ url: server.url, caPem: server.caPem, retry: { attempts: 1 } });
    expect(await outcome(noCert.authenticateToken('t', ctx))).toBe('401 webhook: token review failed');
  });

  it('stops retrying when the request is aborted', async () => {
    respond = (_body, res) => sendJson(res, 503, {});
    const controller = new AbortController();
    const a = webhook({ retry: { attempts: 50, backoffMs: 10_000 } });
    const pending = outcome(a.authenticateToken('t', { signal: controller.signal }));
    while (seen.length === 0) await new Promise((r) => setImmediate(r));
    controller.abort();
    expect(await pending).toBe('401 webhook: token review failed');
    expect(seen.length).toBeLessThan(50);
  });

  it('works from a kubeconfig written by @apiserver-kit/pki', async () => {
    respond = reviewStatus({ authenticated: true, user: { username: 'from-kubeconfig' } });
    const text = kubeconfigYaml({ server: `${server.url}/review`, caPem: server.caPem, clientCertPem: client.certPem, clientKeyPem: client.keyPem });
    seen = [];
    expect(await outcome(webhookTokenAuthenticator(loadWebhookConfig(text)).authenticateToken('t', ctx))).toBe('ok from-kubeconfig');
  });
});
