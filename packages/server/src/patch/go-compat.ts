/**
 * Helpers that reproduce how kube-apiserver (Go) renders values inside error messages and
 * annotations, plus the Status shapes the patch code returns that have no constructor in core.
 *
 * @example
 * goFormat({ b: 1, a: 'x' });          // 'map[a:x b:1]'   (fmt's %v)
 * goJson({ b: 1, a: '<' });            // '{"a":"\u003c","b":1}' (encoding/json)
 * unmarshalTypeError([1], 'map[string]interface {}');
 * // 'json: cannot unmarshal array into Go value of type map[string]interface {}'
 */
import { StatusError, failureStatus } from '@apiserver-kit/core';

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}

/** Set an own property, even one named `__proto__` (keys come from client data). */
export function setOwn(o: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  else o[key] = value;
}

/** Structural equality of two JSON values (object key order is irrelevant). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isObject(a)) {
    if (!isObject(b)) return false;
    const ak = Object.keys(a);
    if (ak.length !== Object.keys(b).length) return false;
    return ak.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** The JSON kind word Go's encoding/json uses in UnmarshalTypeError messages. */
export function jsonKindWord(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // 'string' | 'number'
}

/** `json: cannot unmarshal <kind> into Go value of type <goType>`. */
export function unmarshalTypeError(v: unknown, goType: string): string {
  return `json: cannot unmarshal ${jsonKindWord(v)} into Go value of type ${goType}`;
}

function goNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  // %v of a float64 is %g: exponent form for large/small magnitudes.
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [mant, exp] = n.toExponential().split('e') as [string, string];
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(n);
}

/** fmt's `%v` of a decoded JSON value (maps print with sorted keys). */
export function goFormat(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goFormat).join(' ')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goFormat(v[k])}`).join(' ')}]`;
  }
  return String(v);
}

function goQuote(s: string): string {
  // encoding/json escapes <, >, & and U+2028/9 on top of what JSON.stringify does.
  return JSON.stringify(s)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** encoding/json's Marshal of a decoded value: compact, map keys sorted, HTML-safe escaping. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isObject(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== undefined).sort();
    return `{${keys.map((k) => `${goQuote(k)}:${goJson(v[k])}`).join(',')}}`;
  }
  return 'null';
}

/**
 * `errors.NewGenericServerResponse(422, "", schema.GroupResource{}, "", msg, 0, false)`: kube
 * drops the underlying message and answers with a fixed text and empty details.
 */
export function genericUnprocessable(): StatusError {
  const status = failureStatus(422, 'Invalid', 'the server rejected our request due to an error in our request');
  status.details = {};
  return new StatusError(status);
}

/** What kube answers for an error that is not a Status: 500 with reason Unknown and the raw text. */
export function unknownServerError(message: string): StatusError {
  return new StatusError(failureStatus(500, 'Unknown', message));
}
