/**
 * CEL equality and ordering of runtime values, for the list and set functions: numbers compare
 * across int, uint and double (CEL's heterogeneous equality), lists and maps element-wise,
 * timestamps by instant; values of a registered type with `compare()` (Quantity) by that.
 * Ordering of values CEL cannot order throws the library's "no such overload" error.
 *
 * @example
 * celEquals([1n, 'a'], [1, 'a']); // true
 * celCompare('a', 'b');           // -1
 */
import { EvaluationError } from '@marcbachmann/cel-js';

interface Comparable {
  compare(other: unknown): number;
}

function isComparable(v: unknown): v is Comparable {
  return typeof v === 'object' && v !== null && typeof (v as { compare?: unknown }).compare === 'function';
}

/** int, uint (the library's UnsignedInt) and double as one numeric kind; undefined otherwise. */
function numeric(v: unknown): number | bigint | undefined {
  if (typeof v === 'bigint' || typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && v.constructor?.name === 'UnsignedInt') return (v as { valueOf(): bigint }).valueOf();
  return undefined;
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function entries(v: unknown): Array<[unknown, unknown]> | undefined {
  if (v instanceof Map) return [...v.entries()];
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto === Object.prototype || proto === null) return Object.entries(v);
  }
  return undefined;
}

export function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined || nb !== undefined) return na !== undefined && nb !== undefined && compareNumbers(na, nb) === 0;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => celEquals(x, b[i]));
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (isComparable(a) && isComparable(b) && a.constructor === b.constructor) return a.compare(b) === 0;
  const ea = entries(a);
  const eb = entries(b);
  if (ea && eb) {
    if (ea.length !== eb.length) return false;
    const other = new Map(eb.map(([k, v]) => [typeof k === 'bigint' ? Number(k) : k, v]));
    return ea.every(([k, v]) => {
      const key = typeof k === 'bigint' ? Number(k) : k;
      return other.has(key) && celEquals(v, other.get(key));
    });
  }
  return false;
}

export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null_type';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (typeof v === 'string' || typeof v === 'boolean') return typeof v === 'string' ? 'string' : 'bool';
  if (Array.isArray(v)) return 'list';
  return (v as object).constructor?.name ?? 'map';
}

/** -1, 0 or 1; throws "no such overload" for values CEL does not order against each other. */
export function celCompare(a: unknown, b: unknown): number {
  const na = numeric(a);
  const nb = numeric(b);
  if (na !== undefined && nb !== undefined) return compareNumbers(na, nb);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Date && b instanceof Date) return compareNumbers(a.getTime(), b.getTime());
  if (isComparable(a) && isComparable(b) && a.constructor === b.constructor) return Math.sign(a.compare(b));
  throw new EvaluationError(`no such overload: ${typeName(a)} < ${typeName(b)}`);
}
