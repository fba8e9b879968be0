/**
 * The webhook token authenticator (kube-apiserver's `--authentication-token-webhook-config-file`):
 * asks a remote service about each bearer token with a TokenReview. Wrap it in the cached
 * authenticator; this one does not cache.
 *
 * @example
 * const webhook = webhookTokenAuthenticator(loadWebhookConfig(fs.readFileSync('authn-webhook.kubeconfig', 'utf8')));
 * const authn = bearerAuthenticator(cachedTokenAuthenticator(webhook, { successTTL: 120_000, cacheErrors: false }));
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type AuthenticationResult, type UserInfo, errors } from '@apiserver-kit/core';
import type { TokenAuthenticator } from '../token.js';
import { type FetchLike, type TlsClientOptions, createTlsFetch } from '../oidc/http-client.js';

export interface WebhookTokenAuthenticatorOptions extends TlsClientOptions {
  /** The webhook's URL; TokenReviews are POSTed to it exactly. */
  url: string;
  /** A bearer token the webhook expects from us (kubeconfig user token). */
  bearerToken?: string;
  /** Timeout of each attempt; default 10s. */
  timeoutMs?: number;
  /** Retries of transient failures (network errors, 429, 5xx); default 5 attempts, 500ms backoff growing 1.5x. */
  retry?: { attempts?: number; backoffMs?: number };
  /** TokenReview version spoken; default v1. */
  version?: 'v1' | 'v1beta1';
  /** The API audiences, used when the webhook answers without audiences; default the context's audiences. */
  audiences?: string[];
  /** Replaces the HTTP client (tests); TLS options are then ignored. */
  fetch?: FetchLike;
}

class Transient extends Error {}

function parseStringArray(v: unknown): string[] | null {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : null;
}

const malformed = 'webhook: malformed TokenReview response';

function parseUser(raw: unknown): UserInfo {
  if (typeof raw !== 'object' || raw === null) throw errors.unauthorized(malformed);
  const u = raw as Record<string, unknown>;
  const groups = parseStringArray(u.groups);
  if (typeof u.username !== 'string' || u.username === '' || groups === null) throw errors.unauthorized(malformed);
  if (u.uid !== undefined && typeof u.uid !== 'string') throw errors.unauthorized(malformed);
  const user: UserInfo = { name: u.username, groups };
  if (u.uid) user.uid = u.uid as string;
  if (u.extra !== undefined && u.extra !== null) {
    if (typeof u.extra !== 'object') throw errors.unauthorized(malformed);
    const extra: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(u.extra as Record<string, unknown>)) {
      const values = parseStringArray(v);
      if (values === null) throw errors.unauthorized(malformed);
      extra[k] = values;
    }
    if (Object.keys(extra).length > 0) user.extra = extra;
  }
  return user;
}

export function webhookTokenAuthenticator(options: WebhookTokenAuthenticatorOptions): TokenAuthenticator {
  const url = new URL(options.url).href;
  const fetchImpl = options.fetch ?? createTlsFetch(options);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const attempts = Math.max(1, options.retry?.attempts ?? 5);
  const backoffMs = options.retry?.backoffMs ?? 500;
  const apiVersion = `authentication.k8s.io/${options.version ?? 'v1'}`;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.bearerToken) headers.authorization = `Bearer ${options.bearerToken}`;

  async function attempt(body: string, signal: AbortSignal | undefined): Promise<unknown> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let res: Response;
    try {
      res = await fetchImpl(url, { method: 'POST', headers, body, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    } catch {
      throw new Transient('webhook unreachable');
    }
    if (res.status === 429 || res.status >= 500) throw new Transient(`webhook answered HTTP ${res.status}`);
    if (res.status !== 200 && res.status !== 201) throw errors.unauthorized(`webhook: token review failed with HTTP ${res.status}`);
    try {
      return await res.json();
    } catch {
      throw errors.unauthorized(malformed);
    }
  }

  async function review(body: string, signal: AbortSignal | undefined): Promise<Record<string, unknown>> {
    let delay = backoffMs;
    for (let i = 1; ; i++) {
      try {
        const result = await attempt(body, signal);
        if (typeof result !== 'object' || result === null) throw errors.unauthorized(malformed);
        const status = (result as { status?: unknown }).status ?? {};
        if (typeof status !== 'object' || status === null) throw errors.unauthorized(malformed);
        return status as Record<string, unknown>;
      } catch (err) {
        if (!(err instanceof Transient)) throw err;
        if (i >= attempts || signal?.aborted) throw errors.unauthorized('webhook: token review failed');
      }
      await sleep(delay * (1 + Math.random() * 0.2), undefined, signal ? { signal } : {}).catch(() => undefined);
      delay *= 1.5;
    }
  }

  return {
    name: 'webhook',
    async authenticateToken(token, ctx): Promise<AuthenticationResult | null> {
      const wanted = ctx.audiences ?? [];
      const checkAudiences = wanted.length > 0;
      const spec: Record<string, unknown> = { token };
      if (checkAudiences) spec.audiences = wanted;
      const status = await review(JSON.stringify({ apiVersion, kind: 'TokenReview', spec }), ctx.signal);

      let audiences: string[] | undefined;
      if (checkAudiences) {
        const returned = parseStringArray(status.audiences);
        if (returned === null) throw errors.unauthorized(malformed);
        const got = returned.length > 0 ? returned : (options.audiences ?? wanted);
        audiences = wanted.filter((a) => got.includes(a));
        if (audiences.length === 0) return null;
      }
      if (status.authenticated !== true) {
        // kube passes the webhook's error to its logs, never to the client.
        if (typeof status.error === 'string' && status.error !== '') throw errors.unauthorized('webhook: the token was rejected');
        return null;
      }
      const result: AuthenticationResult = { user: parseUser(status.user) };
      if (audiences) result.audiences = audiences;
      return result;
    },
  };
}
