/**
 * A caching wrapper for token authenticators, as kube-apiserver's token cache
 * (`--token-success-cache-ttl` 10s / `--token-failure-cache-ttl` 0 for the built-in token
 * authenticators; the webhook's `--authentication-token-webhook-cache-ttl` 2m for both):
 *
 * - Keys are a SHA-256 of the length-prefixed audiences, a random per-instance secret and the
 *   token (kube uses an HMAC; a one-shot hash with a secret inside serves the same purpose —
 *   keys nobody can compute without the secret — at a third of the cost). Tokens are never
 *   kept. A JWS (`eyJ…` with exactly two dots and a signature of at least 43 characters) is
 *   keyed by the hash of its signature only, and its entry keeps the signing input
 *   (header.payload: what anyone who sees the token can read, and worth nothing without the
 *   signature), which a hit must equal exactly. A hit still means the very same token, and the
 *   hash covers a third of a 1 KB RS256 token.
 * - Answers are frozen and shared between hits; copy a user before changing it.
 * - Concurrent lookups of the same token and audiences share one verification.
 * - Successes are kept for `successTTL`; "no opinion" answers, and thrown errors when
 *   `cacheErrors` is on, for `failureTTL`. A TTL of 0 caches nothing (sharing still happens).
 * - A shared verification runs with its own signal and gives up after `lookupTimeout` (401); a
 *   caller whose own signal aborts stops waiting without cancelling it for the others.
 *
 * @example
 * const tokens = cachedTokenAuthenticator(webhookTokens, { successTTL: 120_000, failureTTL: 120_000, cacheErrors: false });
 */
import { hash, randomBytes } from 'node:crypto';
import { type AuthenticationResult, errors } from '@apiserver-kit/core';
import { LRUCache } from 'lru-cache';
import type { TokenAuthenticator } from '../token.js';

export interface CachedTokenOptions {
  /** Milliseconds to keep a success; default 10 000. */
  successTTL?: number;
  /** Milliseconds to keep a null (and, with cacheErrors, a thrown error); default 0. */
  failureTTL?: number;
  /** Cache thrown errors for failureTTL (kube-apiserver's token union: true; the webhook: false). Default true. */
  cacheErrors?: boolean;
  /** At most this many entries (least recently used go first); default 10 000. */
  max?: number;
  /** A shared verification that takes longer fails with 401; default 30 000 ms. */
  lookupTimeout?: number;
}

export interface CachedTokenAuthenticator extends TokenAuthenticator {
  /** Entries currently held (expired ones may linger until read). */
  readonly size: number;
  /** The cache keys (hashes); for diagnostics. */
  keys(): string[];
  clear(): void;
}

type Outcome = { kind: 'ok'; result: AuthenticationResult } | { kind: 'none' } | { kind: 'error'; error: unknown };

interface Entry {
  outcome: Outcome;
  expiresAt: number;
  /** A JWS's signing input (header.payload), when the key hashes only its signature; '' otherwise. */
  signed: string;
}

interface Key {
  key: string;
  signed: string;
}

/**
 * A string with its own characters. A slice of the token would be a V8 sliced string that keeps
 * the whole token, signature included, alive for as long as the entry.
 */
function ownCopy(s: string): string {
  return s === '' ? s : Buffer.from(s, 'utf16le').toString('utf16le');
}

/** Where a JWS-shaped token's signature starts (after its second and last dot), or -1. */
export function jwsSignatureStart(token: string): number {
  if (!token.startsWith('eyJ')) return -1;
  // Forward scans only: V8's indexOf is a vectorised search, its lastIndexOf a plain loop (ten
  // times slower over a 342-character RS256 signature).
  const first = token.indexOf('.');
  if (first < 0) return -1;
  const second = token.indexOf('.', first + 1);
  if (second < 0 || token.length - second - 1 < 43 || token.indexOf('.', second + 1) >= 0) return -1;
  return second + 1;
}

/**
 * A frozen copy, shared by every hit: a hit costs no copying (the cache is on every request's
 * path), and no caller can change what the next one gets. Callers that want to change a user
 * copy it first (as withAuthenticatedGroup and impersonation do).
 */
function frozenResult(r: AuthenticationResult): AuthenticationResult {
  const user = { ...r.user, groups: Object.freeze([...r.user.groups]) as string[] };
  if (r.user.extra) {
    user.extra = Object.freeze(Object.fromEntries(Object.entries(r.user.extra).map(([k, v]) => [k, Object.freeze([...v]) as string[]])));
  }
  const out: AuthenticationResult = { ...r, user: Object.freeze(user) };
  if (r.audiences) out.audiences = Object.freeze([...r.audiences]) as string[];
  return Object.freeze(out);
}

function settle(outcome: Outcome): AuthenticationResult | null {
  if (outcome.kind === 'ok') return outcome.result;
  if (outcome.kind === 'none') return null;
  throw outcome.error;
}

function waitFor<T>(p: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export function cachedTokenAuthenticator(tokens: TokenAuthenticator, options: CachedTokenOptions = {}): CachedTokenAuthenticator {
  const successTTL = options.successTTL ?? 10_000;
  const failureTTL = options.failureTTL ?? 0;
  const cacheErrors = options.cacheErrors ?? true;
  const lookupTimeout = options.lookupTimeout ?? 30_000;
  // Cache keys hold a keyed hash of the token (never the token itself). A one-shot hash with a
  // secret inside costs a third of an HMAC per request.
  const secret = randomBytes(32).toString('base64');
  const cache = new LRUCache<string, Entry>({ max: options.max ?? 10_000 });
  const inflight = new Map<string, { signed: string; outcome: Promise<Outcome> }>();

  // The hash input before the token: the count- and length-prefixed audiences, then the
  // fixed-length secret. Requests mostly carry the same audiences, so the last prefix is kept
  // with a copy of its audiences and reused when they compare equal.
  let lastAudiences: readonly string[] = [];
  let lastPrefix = `0#${secret}`;
  const prefixOf = (audiences: readonly string[]): string => {
    if (audiences.length === lastAudiences.length && audiences.every((a, i) => a === lastAudiences[i])) return lastPrefix;
    let prefix = `${audiences.length}`;
    for (const a of audiences) prefix += `|${a.length}:${a}`;
    lastAudiences = [...audiences];
    lastPrefix = `${prefix}#${secret}`;
    return lastPrefix;
  };
  // One hash over prefix and token (or a JWS's signature). The digest is kept as a flat
  // 32-character latin1 ('binary') string (the cheapest string Node makes of it), so the cache's Map hashes
  // 32 characters, not a concatenation it would first have to flatten.
  const keyOf = (token: string, audiences: readonly string[]): Key => {
    const at = jwsSignatureStart(token);
    if (at < 0) return { key: hash('sha256', prefixOf(audiences) + token, 'binary'), signed: '' };
    return { key: hash('sha256', prefixOf(audiences) + token.slice(at), 'binary'), signed: token.slice(0, at) };
  };

  const lookup = async ({ key, signed }: Key, token: string, audiences: string[] | undefined): Promise<Outcome> => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = errors.unauthorized();
        err.cause = new Error(`token lookup took longer than ${lookupTimeout}ms`);
        controller.abort(err);
        reject(err);
      }, lookupTimeout);
      (timer as { unref?: () => void }).unref?.();
    });
    let outcome: Outcome;
    try {
      const ctx = audiences === undefined ? { signal: controller.signal } : { audiences, signal: controller.signal };
      const result = await Promise.race([tokens.authenticateToken(token, ctx), timedOut]);
      outcome = result ? { kind: 'ok', result: frozenResult(result) } : { kind: 'none' };
    } catch (error) {
      outcome = { kind: 'error', error };
    } finally {
      clearTimeout(timer);
    }
    const ttl = outcome.kind === 'ok' ? successTTL : outcome.kind === 'none' || cacheErrors ? failureTTL : 0;
    if (ttl > 0) cache.set(key, { outcome, expiresAt: Date.now() + ttl, signed: ownCopy(signed) });
    return outcome;
  };

  return {
    name: tokens.name === undefined ? 'cached' : `cached(${tokens.name})`,
    get size() {
      return cache.size;
    },
    keys: () => [...cache.keys()].map((k) => Buffer.from(k, 'binary').toString('base64')),
    clear() {
      cache.clear();
    },
    async authenticateToken(token, ctx) {
      const k = keyOf(token, ctx.audiences ?? []);
      const { key } = k;
      const hit = cache.get(key);
      if (hit && hit.signed === k.signed) {
        if (hit.expiresAt > Date.now()) return settle(hit.outcome);
        cache.delete(key);
      }
      const running = inflight.get(key);
      let shared: Promise<Outcome>;
      if (running && running.signed === k.signed) shared = running.outcome;
      else {
        shared = lookup(k, token, ctx.audiences ? [...ctx.audiences] : undefined);
        // A JWS with another's signature and its own payload: verified on its own, never shared.
        if (!running) {
          const mine = { signed: k.signed, outcome: shared };
          inflight.set(key, mine);
          void shared.finally(() => {
            if (inflight.get(key) === mine) inflight.delete(key);
          });
        }
      }
      return settle(await waitFor(shared, ctx.signal));
    },
  };
}
