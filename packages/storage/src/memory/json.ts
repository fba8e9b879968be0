/**
 * How MemoryStorage keeps values: as JSON text without `metadata.resourceVersion`, so no caller
 * can reach stored state, and every read hands out a fresh copy.
 *
 * @example
 * const text = encodeValue('/k', obj);          // resourceVersion stripped
 * const copy = decodeValue(text, 7);            // metadata.resourceVersion === '7'
 */
import { StorageError, type ApiObject } from '@apiserver-kit/core';

/** Serializes an object for storage, leaving out metadata.resourceVersion. */
export function encodeValue(key: string, obj: ApiObject): string {
  if (typeof obj !== 'object' || obj === null || typeof obj.metadata !== 'object' || obj.metadata === null)
    throw new StorageError('InvalidObject', key, `object stored at ${key} has no metadata`);
  const { resourceVersion: _ignored, ...metadata } = obj.metadata;
  try {
    return JSON.stringify({ ...obj, metadata });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new StorageError('InvalidObject', key, `object stored at ${key} is not JSON: ${why}`);
  }
}

/** A fresh object from stored text, carrying the given revision as its resourceVersion. */
export function decodeValue(text: string, revision: number): ApiObject {
  const obj = JSON.parse(text) as ApiObject;
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

/**
 * Whether two stored texts (both from encodeValue) hold equal JSON values, whatever their key
 * order. Equal values differ at most in member order, which leaves the length alone, so texts of
 * different lengths are told apart without parsing them (most updates).
 */
export function sameValue(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return jsonEqual(JSON.parse(a), JSON.parse(b));
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = Object.keys(ra);
  if (keys.length !== Object.keys(rb).length) return false;
  return keys.every((k) => Object.hasOwn(rb, k) && jsonEqual(ra[k], rb[k]));
}
