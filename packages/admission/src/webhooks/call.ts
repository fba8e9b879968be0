/**
 * One call to one webhook (the shared part of kube's mutating and validating callHook): refuse
 * dry-run requests for webhooks with side effects, POST an AdmissionReview of the first version
 * the webhook accepts, check the answer, record its warnings on the attributes (as they are, for
 * the client's Warning headers), and turn a denial into the webhook's StatusError. Anything that
 * keeps us from a usable answer is a CallingWebhookError, for failurePolicy to judge.
 */
import { randomUUID } from 'node:crypto';
import type { AdmissionAttributes } from '@apiserver-kit/core';
import { type ServiceResolver, callTarget, postReview } from './client.js';
import { CallingWebhookError, denialError, dryRunUnsupportedError } from './errors.js';
import type { PreparedWebhook } from './hooks.js';
import { type AdmissionResult, type ReviewVersion, admissionReview, verifyAdmissionResponse } from './review.js';
import type { MutatingWebhook, ValidatingWebhook } from './types.js';

/** client-go's NewGenericServerResponse message for a non-2xx answer that is not a Status. */
function genericServerMessage(code: number, serverMessage: string): string {
  switch (code) {
    case 409:
      return 'the server reported a conflict';
    case 404:
      return 'the server could not find the requested resource';
    case 400:
      return 'the server rejected our request for an unknown reason';
    case 401:
      return 'the server has asked for the client to provide credentials';
    case 403:
      return serverMessage;
    case 405:
      return 'the server does not allow this method on the requested resource';
    case 422:
      return 'the server rejected our request due to an error in our request';
    case 504:
      return 'the server was unable to return a response in the time allotted, but may still be processing the request';
    case 429:
      return 'the server has received too many requests and has asked us to try again later';
    default:
      if (code >= 500) return `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`;
      return `the server responded with the status code ${code} but did not return more information`;
  }
}

function errorAnswer(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    if (parsed?.kind === 'Status' && typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not a Status
  }
  const text = body.trim().slice(0, 1024);
  return genericServerMessage(status, text === '' ? 'unknown' : text);
}

function reviewVersion(hook: ValidatingWebhook): ReviewVersion | undefined {
  return (hook.admissionReviewVersions ?? []).find((v): v is ReviewVersion => v === 'v1' || v === 'v1beta1');
}

export async function callWebhook(
  p: PreparedWebhook<ValidatingWebhook | MutatingWebhook>,
  attrs: AdmissionAttributes,
  mutating: boolean,
  resolveService: ServiceResolver,
): Promise<AdmissionResult> {
  const { hook } = p;
  if (attrs.dryRun) {
    if (!hook.sideEffects) throw new CallingWebhookError(hook.name, 'Webhook SideEffects is nil');
    if (hook.sideEffects !== 'None' && hook.sideEffects !== 'NoneOnDryRun') throw dryRunUnsupportedError(hook.name);
  }
  const version = reviewVersion(hook);
  if (!version)
    throw new CallingWebhookError(hook.name, 'could not create admission objects: webhook does not accept known AdmissionReview versions (v1, v1beta1)');
  const uid = randomUUID();
  const review = admissionReview(version, attrs, uid);
  const timeoutSeconds = hook.timeoutSeconds ?? 10;
  let target;
  try {
    target = callTarget(hook.clientConfig, timeoutSeconds, resolveService);
  } catch (err) {
    throw new CallingWebhookError(hook.name, `could not get REST client: ${(err as Error).message}`);
  }
  let answer;
  try {
    answer = await postReview(target, JSON.stringify(review), timeoutSeconds);
  } catch (err) {
    throw new CallingWebhookError(hook.name, `failed to call webhook: ${(err as Error).message}`);
  }
  if (answer.status < 200 || answer.status > 299)
    throw new CallingWebhookError(hook.name, `failed to call webhook: ${errorAnswer(answer.status, answer.body)}`);
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch (err) {
    throw new CallingWebhookError(hook.name, `failed to call webhook: couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
  let result: AdmissionResult;
  try {
    result = verifyAdmissionResponse(uid, mutating, version, body);
  } catch (err) {
    throw new CallingWebhookError(hook.name, `received invalid webhook response: ${(err as Error).message}`);
  }
  if (result.warnings.length) (attrs.warnings ??= []).push(...result.warnings);
  if (!result.allowed) throw denialError(hook.name, result.status);
  return result;
}
