/**
 * The webhook server side: serve any plugin (mutating, validating, or both) as an admission
 * webhook a real cluster calls. The handler takes POSTed AdmissionReviews (admission.k8s.io/v1
 * or v1beta1) and answers in the same version; a body that is not an AdmissionReview is a 400
 * Status, another method a 405, an oversized body a 413. Mount it on node:http / https
 * (webhooks must be served over TLS in a cluster), or in Express (a body already parsed by
 * `express.json()` is used as is).
 *
 * @example
 * import { createServer } from 'node:https';
 * const handler = admissionWebhook({ mutating: addTeamLabel, validating: requireOwner });
 * createServer({ key, cert }, handler).listen(8443);
 * // MutatingWebhookConfiguration: clientConfig.service.path "/", admissionReviewVersions ["v1"]
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Status, errors, failureStatus, isStatusError } from '@apiserver-kit/core';
import type { AdmissionPluginLike } from '../plugins/split.js';
import { type RespondOptions, respondToReview } from './respond.js';
import { type AdmissionReview, admissionReviewRequestSchema } from './types.js';

export interface AdmissionWebhookOptions extends RespondOptions {
  /** The largest body accepted; default 10 MiB (a review carries an object and its old version). */
  maxBodyBytes?: number;
}

export type AdmissionWebhookHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const defaultMaxBody = 10 * 1024 * 1024;

function send(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage, max: number): Promise<unknown> {
  const parsed = (req as IncomingMessage & { body?: unknown }).body;
  if (parsed !== undefined && parsed !== null && typeof parsed === 'object' && !Buffer.isBuffer(parsed)) return parsed;
  let text: string;
  if (typeof parsed === 'string' || Buffer.isBuffer(parsed)) {
    text = parsed.toString();
  } else {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
      size += buf.length;
      if (size > max) throw errors.requestEntityTooLarge(`limit is ${max}`);
      chunks.push(buf);
    }
    text = Buffer.concat(chunks).toString('utf8');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw errors.badRequest(`couldn't decode AdmissionReview: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Validate a decoded body as an AdmissionReview request; throws a 400 StatusError. */
export function parseAdmissionReview(body: unknown): AdmissionReview {
  const result = admissionReviewRequestSchema.safeParse(body);
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join('.') || '<root>'}: ${i.message}`);
    throw errors.badRequest(`invalid AdmissionReview: ${issues.join('; ')}`);
  }
  return result.data as unknown as AdmissionReview;
}

export function admissionWebhook(plugin: AdmissionPluginLike, opts: AdmissionWebhookOptions = {}): AdmissionWebhookHandler {
  const max = opts.maxBodyBytes ?? defaultMaxBody;
  return async (req, res) => {
    try {
      if (req.method !== 'POST') {
        const status = failureStatus(405, 'MethodNotAllowed', `method ${req.method ?? ''} is not allowed: POST an AdmissionReview`);
        send(res, 405, status, { Allow: 'POST' });
        return;
      }
      const review = parseAdmissionReview(await readBody(req, max));
      send(res, 200, await respondToReview(plugin, review, opts));
    } catch (err) {
      if (!isStatusError(err)) opts.onError?.(err, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' });
      const status: Status = errors.toStatusError(err).status;
      if (!res.headersSent) send(res, status.code, status);
      else res.destroy();
    }
  };
}
