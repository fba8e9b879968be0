/**
 * Just enough of kube's resource.Quantity for object-count quota: parse `"10"`, `"1k"`,
 * `"2Ki"`, `"1e3"` (or a JSON number) to a number, and print a count the way Quantity.String()
 * prints a DecimalSI integer (`1000` -> `"1k"`, `1500` -> `"1500"`).
 *
 * @example
 * parseQuantity('1k'); // { value: 1000, binary: false }
 * formatQuantity(2000, false); // "2k"
 */

const quantityRe = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

export interface ParsedQuantity {
  value: number;
  /** Written with a binary suffix (Ki, Mi, ...), which String() keeps where it can. */
  binary: boolean;
}

/** kube's error for a string that is not a quantity. */
export const quantityFormatError = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

export function parseQuantity(input: unknown): ParsedQuantity | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? { value: input, binary: false } : undefined;
  if (typeof input !== 'string') return undefined;
  const m = quantityRe.exec(input.trim());
  if (!m) return undefined;
  const num = Number(m[1]);
  if (Number.isNaN(num) || m[1] === '.' || m[1] === '+' || m[1] === '-') return undefined;
  const suffix = m[2] ?? '';
  if (suffix in binarySuffixes) return { value: num * 2 ** binarySuffixes[suffix]!, binary: true };
  if (suffix in decimalSuffixes) return { value: num * 10 ** decimalSuffixes[suffix]!, binary: false };
  const exp = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
  if (exp) return { value: num * 10 ** Number(exp[1]), binary: false };
  return undefined;
}

const decimalUnits = ['', 'k', 'M', 'G', 'T', 'P', 'E'];
const binaryUnits = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** Quantity.String() of an integer: the largest unit that keeps the mantissa whole. */
export function formatQuantity(value: number, binary = false): string {
  if (!Number.isInteger(value) || value === 0) return String(value);
  const sign = value < 0 ? '-' : '';
  let n = Math.abs(value);
  if (binary && n >= 1024 && n % 1024 === 0) {
    let unit = 0;
    while (n % 1024 === 0 && unit < binaryUnits.length - 1) {
      n /= 1024;
      unit++;
    }
    return `${sign}${n}${binaryUnits[unit]}`;
  }
  let unit = 0;
  while (n % 1000 === 0 && unit < decimalUnits.length - 1) {
    n /= 1000;
    unit++;
  }
  return `${sign}${n}${decimalUnits[unit]}`;
}

/** The canonical text of an integer quantity; fractions and unparseable input come back as given. */
export function canonicalQuantity(input: unknown): string {
  const q = parseQuantity(input);
  if (!q || !Number.isInteger(q.value)) return String(input).trim();
  return formatQuantity(q.value, q.binary);
}
