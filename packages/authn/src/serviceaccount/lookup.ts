/**
 * `--service-account-lookup`: a token is only as alive as the objects it names. The service
 * account (and the pod, secret or node the token is bound to) must still exist with the uid in
 * the token and must not have been deleting for longer than the leeway.
 */
import { errors, isStatusError } from '@apiserver-kit/core';
import type { KubernetesClaim } from './claims.js';

/** The part of an object the lookup needs; an ObjectMeta fits. */
export interface ServiceAccountLookupObject {
  uid?: string;
  deletionTimestamp?: string | Date | null;
}

/**
 * Reads live objects, typically from storage or an informer cache. null means "not found".
 * A missing optional getter skips that binding's check.
 */
export interface ServiceAccountLookup {
  getServiceAccount(namespace: string, name: string): Promise<ServiceAccountLookupObject | null>;
  getPod?(namespace: string, name: string): Promise<ServiceAccountLookupObject | null>;
  getSecret?(namespace: string, name: string): Promise<ServiceAccountLookupObject | null>;
  getNode?(name: string): Promise<ServiceAccountLookupObject | null>;
}

/** kube's jwt.DefaultLeeway: objects deleting for less than this still count. */
export const LEEWAY_MS = 60_000;

function deletedBefore(obj: ServiceAccountLookupObject, cutoffMs: number): boolean {
  if (obj.deletionTimestamp === undefined || obj.deletionTimestamp === null) return false;
  const t = obj.deletionTimestamp instanceof Date ? obj.deletionTimestamp.getTime() : Date.parse(obj.deletionTimestamp);
  return Number.isNaN(t) || t < cutoffMs;
}

async function get(fn: () => Promise<ServiceAccountLookupObject | null>, onError: string): Promise<ServiceAccountLookupObject | null> {
  try {
    return await fn();
  } catch (err) {
    if (isStatusError(err) && err.httpCode === 404) return null;
    throw errors.unauthorized(onError);
  }
}

const invalidated = 'service account token has been invalidated';

async function checkBound(
  kind: 'pod' | 'secret' | 'node',
  ref: { name: string; uid: string },
  fetch: () => Promise<ServiceAccountLookupObject | null>,
  cutoffMs: number,
): Promise<void> {
  const obj = await get(fetch, invalidated);
  if (!obj) throw errors.unauthorized(invalidated);
  if ((obj.uid ?? '') !== ref.uid) {
    throw errors.unauthorized(`${kind} UID (${obj.uid ?? ''}) does not match service account ${kind} ref claim (${ref.uid})`);
  }
  if (deletedBefore(obj, cutoffMs)) throw errors.unauthorized(invalidated);
}

/**
 * Checks the objects a token names against live state (kube's claims validator). Throws a 401
 * StatusError for a deleted or re-created service account and for a gone or replaced bound object.
 */
export async function validateAgainstLookup(lookup: ServiceAccountLookup, k: KubernetesClaim, nowMs: number): Promise<void> {
  const cutoff = nowMs - LEEWAY_MS;
  const { namespace, serviceaccount: sa } = k;
  const live = await get(
    () => lookup.getServiceAccount(namespace, sa.name),
    `service account ${namespace}/${sa.name} could not be retrieved`,
  );
  if (!live) throw errors.unauthorized(`serviceaccounts "${sa.name}" not found`);
  if ((live.uid ?? '') !== sa.uid) {
    throw errors.unauthorized(`service account UID (${live.uid ?? ''}) does not match claim (${sa.uid})`);
  }
  if (deletedBefore(live, cutoff)) throw errors.unauthorized(`service account ${namespace}/${sa.name} has been deleted`);

  if (k.secret && lookup.getSecret) {
    const ref = k.secret;
    await checkBound('secret', ref, () => lookup.getSecret!(namespace, ref.name), cutoff);
  }
  if (k.pod && lookup.getPod) {
    const ref = k.pod;
    await checkBound('pod', ref, () => lookup.getPod!(namespace, ref.name), cutoff);
  }
  if (k.node && !k.pod && lookup.getNode) {
    const ref = k.node;
    await checkBound('node', ref, () => lookup.getNode!(ref.name), cutoff);
  }
}
