/**
 * The webhook authorizer (`--authorization-mode=Webhook`, k8s.io/apiserver's
 * plugin/pkg/authorizer/webhook): POSTs a SubjectAccessReview for each request and answers
 * Allow for `status.allowed`, Deny for `status.denied`, NoOpinion otherwise, with the webhook's
 * `status.reason`. Answers are cached on the full review spec: allowed ones for
 * `allowCacheTTL`, the others for `denyCacheTTL`. When the webhook cannot be reached, times
 * out, or answers with an error or garbage, the failure policy decides (NoOpinion by default,
 * as kube's flags; Deny fails closed); transient failures (connection resets, HTTP 429, 500,
 * 504, a Retry-After) are retried with exponential backoff first, as kube does.
 *
 * @example
 * const authz = union(
 *   privilegedGroups(Groups.systemPrivileged),
 *   webhookAuthorizer({ ...loadWebhookAuthorizerConfig(kubeconfigText), failurePolicy: 'Deny' }),
 * );
 */
import { type Authorizer, type Decision, type UserInfo, allow, deny, noOpinion } from '@apiserver-kit/core';
import type { PolicyRule } from '../rbac-types.js';
import { ExpiringLru } from './cache.js';
import { type PostResult, PostError, createPoster } from './http.js';
import type { WebhookConnection } from './kubeconfig.js';
import {
  MalformedReview,
  type ReviewStatus,
  type SubjectAccessReviewVersion,
  controlledSize,
  parseReviewStatus,
  reviewBody,
  reviewSpec,
} from './review.js';

export interface WebhookAuthorizerOptions extends WebhookConnection {
  /** The SubjectAccessReview version spoken (`--authorization-webhook-version`); default v1. */
  version?: SubjectAccessReviewVersion;
  /** Timeout of each attempt, in ms; default 10s. */
  timeoutMs?: number;
  /** How long an allowed answer is reused, in ms (`--authorization-webhook-cache-authorized-ttl`); default 5m; 0 disables. */
  allowCacheTTL?: number;
  /** How long another answer is reused, in ms (`--authorization-webhook-cache-unauthorized-ttl`); default 30s; 0 disables. */
  denyCacheTTL?: number;
  /** The decision when the webhook fails; default NoOpinion. */
  failurePolicy?: 'NoOpinion' | 'Deny';
  /** Retries of transient failures; default 5 attempts, 500ms backoff growing 1.5x with 20% jitter. */
  retry?: { attempts?: number; backoffMs?: number };
  /** Most answers kept; default 8192 (kube's). */
  cacheSize?: number;
  /** Told about every failed review (kube logs them). */
  onError?(error: Error): void;
}

export interface WebhookAuthorizer extends Authorizer {
  /** A webhook cannot list rules: an empty, incomplete answer, as kube's. */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: unknown[] };
  /** Forget every cached answer. */
  clearCache(): void;
}

/** kube skips the cache when the requester-controlled attributes are this large or larger. */
const maxControlledAttrCacheSize = 10_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

class Retryable extends Error {}

function httpFailure(url: string, res: PostResult): Error {
  let detail = '';
  try {
    const status = JSON.parse(res.body) as { kind?: unknown; message?: unknown };
    if (status.kind === 'Status' && typeof status.message === 'string' && status.message) detail = `: ${status.message}`;
  } catch {
    // not a Status: the code says enough
  }
  const message = `Post ${JSON.stringify(url)}: the webhook answered HTTP ${res.status}${detail}`;
  const retry = res.status === 429 || res.status === 500 || res.status === 504 || res.headers['retry-after'] !== undefined;
  return retry ? new Retryable(message) : new Error(message);
}

export function webhookAuthorizer(options: WebhookAuthorizerOptions): WebhookAuthorizer {
  const url = new URL(options.url).href;
  const post = createPoster(url, options);
  const version = options.version ?? 'v1';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const allowTTL = options.allowCacheTTL ?? 5 * 60_000;
  const denyTTL = options.denyCacheTTL ?? 30_000;
  const onFailure = options.failurePolicy === 'Deny' ? deny : noOpinion;
  const attempts = Math.max(1, options.retry?.attempts ?? 5);
  const backoffMs = options.retry?.backoffMs ?? 500;
  const cache = new ExpiringLru<ReviewStatus>(options.cacheSize ?? 8192);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.bearerToken) headers.authorization = `Bearer ${options.bearerToken}`;

  async function attempt(body: string): Promise<ReviewStatus> {
    let res: PostResult;
    try {
      res = await post(body, headers, timeoutMs);
    } catch (err) {
      if (err instanceof PostError && err.transient) throw new Retryable(err.message);
      throw err;
    }
    if (res.status < 200 || res.status > 299) throw httpFailure(url, res);
    try {
      return parseReviewStatus(res.body);
    } catch (err) {
      if (err instanceof MalformedReview) throw new Error(`Post ${JSON.stringify(url)}: ${err.message}`);
      throw err;
    }
  }

  async function review(body: string): Promise<ReviewStatus> {
    let delay = backoffMs;
    for (let i = 1; ; i++) {
      try {
        return await attempt(body);
      } catch (err) {
        if (!(err instanceof Retryable) || i >= attempts) throw err;
      }
      await sleep(delay * (1 + Math.random() * 0.2));
      delay *= 1.5;
    }
  }

  function decide(status: ReviewStatus): Decision {
    if (status.allowed && status.denied) {
      const problem = new Error('webhook subject access review returned both allow and deny response');
      options.onError?.(problem);
      return deny(status.reason || problem.message);
    }
    if (status.denied) return deny(status.reason);
    if (status.allowed) return allow(status.reason);
    return noOpinion(status.reason);
  }

  return {
    async authorize(attrs) {
      const spec = reviewSpec(attrs, version);
      const key = JSON.stringify(spec);
      const cached = cache.get(key);
      if (cached) return decide(cached);
      let status: ReviewStatus;
      try {
        status = await review(reviewBody(spec, version));
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        options.onError?.(error);
        return onFailure(`Failed to make webhook authorizer request: ${error.message}`);
      }
      if (controlledSize(attrs) < maxControlledAttrCacheSize) cache.set(key, status, status.allowed ? allowTTL : denyTTL);
      return decide(status);
    },
    rulesFor: () => ({ rules: [], errors: [new Error('webhook authorizer does not support user rule resolution')] }),
    clearCache: () => cache.clear(),
  };
}
