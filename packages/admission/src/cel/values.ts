/**
 * JSON <-> CEL values. Objects reach CEL as kube's unstructured values do: an integral JSON
 * number is a CEL `int` (a bigint here), any other number a `double`; maps are plain objects,
 * lists arrays; undefined fields are absent. Results come back as plain JS: an `int` or `uint`
 * within the safe range is a number again.
 *
 * @example
 * toCel({ spec: { replicas: 3, ratio: 0.5 } }); // { spec: { replicas: 3n, ratio: 0.5 } }
 * fromCel([1n, 'a']);                            // [1, 'a']
 */

/** True for `{}`-like objects (no class), the only objects converted field by field. */
function isPlainObject(v: object): v is Record<string, unknown> {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A JSON value (or an already converted one) as a CEL input value. */
export function toCel(v: unknown): unknown {
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) ? BigInt(v) : v;
    case 'undefined':
      return null;
    case 'object': {
      if (v === null) return null;
      if (Array.isArray(v)) return v.map(toCel);
      if (!isPlainObject(v)) return v; // Date, Uint8Array, Map, CEL types
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(v)) {
        const x = v[key];
        if (x !== undefined) out[key] = toCel(x);
      }
      return out;
    }
    default:
      return v;
  }
}

const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);
const minSafe = BigInt(Number.MIN_SAFE_INTEGER);

function hasValueOf(v: object): v is { valueOf(): unknown } {
  return typeof (v as { valueOf?: unknown }).valueOf === 'function';
}

/** A CEL result as plain JS: safe ints become numbers, maps plain objects, lists arrays. */
export function fromCel(v: unknown): unknown {
  if (typeof v === 'bigint') return v <= maxSafe && v >= minSafe ? Number(v) : v;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(fromCel);
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) out[String(k)] = fromCel(x);
    return out;
  }
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(v)) out[key] = fromCel(v[key]);
    return out;
  }
  // the library's uint wraps a bigint
  if (v.constructor?.name === 'UnsignedInt' && hasValueOf(v)) return fromCel(v.valueOf());
  return v;
}

/** A short CEL type name of a runtime value, for messages (`int`, `string`, `map`...). */
export function celTypeOf(v: unknown): string {
  if (v === null || v === undefined) return 'null_type';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Date) return 'google.protobuf.Timestamp';
  if (v instanceof Uint8Array) return 'bytes';
  if (typeof v === 'object' && !isPlainObject(v) && !(v instanceof Map)) return v.constructor?.name ?? 'object';
  return 'map';
}
