/**
 * cel-go's `string.format(list)` (ext strings): `%s`, `%d`, `%f`, `%e`, `%x`, `%X`, `%o`,
 * `%b` and `%%`, with an optional precision (`%.2f`). Also the string form of values `%s`
 * and `string()` use for timestamps and durations.
 *
 * @example
 * formatString('%s has %d replicas (%.1f%%)', ['web', 3n, 42.25]); // "web has 3 replicas (42.3%)"
 */
import { EvaluationError } from '@marcbachmann/cel-js';

/** Go's time.RFC3339Nano of a Date (UTC, trailing zeros of the fraction dropped). */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, 'Z').replace(/(\.\d*?)0+Z$/, '$1Z');
}

function isUint(v: unknown): v is { valueOf(): bigint } {
  return typeof v === 'object' && v !== null && v.constructor?.name === 'UnsignedInt';
}

function integer(v: unknown, clause: string): bigint {
  if (typeof v === 'bigint') return v;
  if (isUint(v)) return v.valueOf();
  throw new EvaluationError(`error during formatting: ${clause} clause can only be used on integers, was given ${kind(v)}`);
}

function kind(v: unknown): string {
  if (v === null) return 'null_type';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (typeof v === 'string' || typeof v === 'boolean') return typeof v === 'string' ? 'string' : 'bool';
  if (Array.isArray(v)) return 'list';
  if (v instanceof Date) return 'google.protobuf.Timestamp';
  return (v as object).constructor?.name ?? 'map';
}

function double(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint' || isUint(v)) return Number(v.valueOf());
  if (typeof v === 'string' && ['NaN', 'Infinity', '-Infinity'].includes(v)) return Number(v);
  throw new EvaluationError(`error during formatting: fixed-point clause can only be used on doubles, was given ${kind(v)}`);
}

function special(n: number): string | undefined {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Number.POSITIVE_INFINITY) return 'Infinity';
  if (n === Number.NEGATIVE_INFINITY) return '-Infinity';
  return undefined;
}

/** The `%s` form of any CEL value. */
export function stringOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return special(v) ?? String(v);
  if (isUint(v)) return String(v.valueOf());
  if (v instanceof Date) return rfc3339(v);
  if (Array.isArray(v)) return `[${v.map(stringOf).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${stringOf(k)}: ${stringOf(x)}`).join(', ')}}`;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto === Object.prototype || proto === null) {
    return `{${Object.entries(v as object).map(([k, x]) => `${k}: ${stringOf(x)}`).join(', ')}}`;
  }
  return String(v);
}

function hex(v: unknown, upper: boolean): string {
  let out: string;
  if (typeof v === 'string') out = Buffer.from(v, 'utf8').toString('hex');
  else if (v instanceof Uint8Array) out = Buffer.from(v).toString('hex');
  else {
    const n = integer(v, 'hex');
    out = n < 0n ? `-${(-n).toString(16)}` : n.toString(16);
  }
  return upper ? out.toUpperCase() : out;
}

function exponent(n: number, precision: number): string {
  return special(n) ?? n.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2');
}

function clause(verb: string, precision: number | undefined, v: unknown): string {
  switch (verb) {
    case 's':
      return stringOf(v);
    case 'd':
      return String(integer(v, 'decimal'));
    case 'f': {
      const n = double(v);
      return special(n) ?? n.toFixed(precision ?? 6);
    }
    case 'e':
      return exponent(double(v), precision ?? 6);
    case 'x':
    case 'X':
      return hex(v, verb === 'X');
    case 'o':
      return integer(v, 'octal').toString(8);
    case 'b':
      return integer(v, 'binary').toString(2);
    default:
      throw new EvaluationError(`could not parse formatting clause: unrecognized formatting clause "${verb}"`);
  }
}

export function formatString(format: string, args: readonly unknown[]): string {
  let out = '';
  let next = 0;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    if (ch !== '%') {
      out += ch;
      continue;
    }
    if (format[i + 1] === '%') {
      out += '%';
      i++;
      continue;
    }
    const m = /^(?:\.(\d+))?([a-zA-Z])/.exec(format.slice(i + 1));
    if (!m) throw new EvaluationError('could not parse formatting clause: unrecognized formatting clause');
    if (next >= args.length) throw new EvaluationError(`index ${next} out of range`);
    out += clause(m[2]!, m[1] === undefined ? undefined : Number(m[1]), args[next++]);
    i += m[0].length;
  }
  return out;
}
