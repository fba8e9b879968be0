/**
 * Object-metadata chores of the generic registry: uid and timestamps on create, generateName,
 * generation tracking, and immutable fields carried over on update.
 */
import { randomUUID, randomInt } from 'node:crypto';
import type { ApiObject } from '@apiserver-kit/core';

/** RFC 3339 with second precision, as metav1.Time serializes. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const generateChars = 'bcdfghjklmnpqrstvwxz2456789';

/** generateName + 5 random characters, as names.SimpleNameGenerator does (prefix capped at 58). */
export function generateName(prefix: string): string {
  let out = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
  for (let i = 0; i < 5; i++) out += generateChars[randomInt(generateChars.length)];
  return out;
}

/** Set the fields the server owns on a new object. */
export function fillCreateMeta(obj: ApiObject, now: Date, tracksGeneration: boolean): void {
  const m = obj.metadata;
  m.uid = randomUUID();
  m.creationTimestamp = rfc3339(now);
  delete m.resourceVersion;
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.selfLink;
  if (tracksGeneration) m.generation = 1;
  else delete m.generation;
}

function withoutMetaAndStatus(obj: ApiObject): string {
  const { metadata: _m, status: _s, ...rest } = obj;
  return JSON.stringify(rest);
}

/** Carry over what a client may not change on update, and bump generation when the spec changed. */
export function fillUpdateMeta(obj: ApiObject, old: ApiObject, tracksGeneration: boolean): void {
  const m = obj.metadata;
  const o = old.metadata;
  m.uid = o.uid;
  m.creationTimestamp = o.creationTimestamp;
  if (o.deletionTimestamp) m.deletionTimestamp = o.deletionTimestamp;
  else delete m.deletionTimestamp;
  if (o.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
  else delete m.deletionGracePeriodSeconds;
  delete m.selfLink;
  if (tracksGeneration) {
    const gen = o.generation ?? 1;
    m.generation = withoutMetaAndStatus(obj) === withoutMetaAndStatus(old) ? gen : gen + 1;
  } else delete m.generation;
}

/** Whether two objects are the same apart from resourceVersion and managedFields timestamps. */
export function sameObject(a: ApiObject, b: ApiObject): boolean {
  const strip = (o: ApiObject) => JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  return strip(a) === strip(b);
}
