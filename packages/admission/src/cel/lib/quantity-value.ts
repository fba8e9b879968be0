/**
 * An exact resource.Quantity value for CEL: `n / 10^scale` with bigints, parsed with kube's
 * grammar (sign, digits, one optional fraction, then a decimal SI suffix `n u m k M G T P E`,
 * a binary suffix `Ki Mi Gi Ti Pi Ei`, or a decimal exponent `e3` / `E-2`), and kube's errors.
 *
 * @example
 * parseQuantityExact('1Gi').compare(parseQuantityExact('1024Mi')); // 0
 * parseQuantityExact('500m').asApproximateFloat();                  // 0.5
 */
export const quantityFormatWrong =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const quantitySuffixWrong = "unable to parse quantity's suffix";
export const quantityNumericWrong = 'unable to parse numeric part of quantity';

const decimalSuffixes: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const binarySuffixes: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const maxInt64 = 2n ** 63n - 1n;
const minInt64 = -(2n ** 63n);

export class QuantityError extends Error {}

function pow10(k: number): bigint {
  return 10n ** BigInt(k);
}

export class Quantity {
  /** The value is n / 10^scale, scale >= 0. */
  constructor(
    readonly n: bigint,
    readonly scale: number,
  ) {}

  private aligned(other: Quantity): [bigint, bigint, number] {
    const scale = Math.max(this.scale, other.scale);
    return [this.n * pow10(scale - this.scale), other.n * pow10(scale - other.scale), scale];
  }

  compare(other: Quantity): number {
    const [a, b] = this.aligned(other);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  add(other: Quantity): Quantity {
    const [a, b, scale] = this.aligned(other);
    return new Quantity(a + b, scale);
  }

  sub(other: Quantity): Quantity {
    const [a, b, scale] = this.aligned(other);
    return new Quantity(a - b, scale);
  }

  sign(): number {
    return this.n < 0n ? -1 : this.n > 0n ? 1 : 0;
  }

  /** The integer value when the quantity is whole and fits in int64. */
  asInt64(): bigint | undefined {
    const d = pow10(this.scale);
    if (this.n % d !== 0n) return undefined;
    const v = this.n / d;
    return v > maxInt64 || v < minInt64 ? undefined : v;
  }

  asApproximateFloat(): number {
    return Number(this.n) / 10 ** this.scale;
  }

  static fromInt(i: bigint): Quantity {
    return new Quantity(i, 0);
  }
}

function digitsAt(s: string, from: number): number {
  let i = from;
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++;
  return i;
}

/** kube's ParseQuantity, exact; throws QuantityError with kube's messages. */
export function parseQuantityExact(input: string): Quantity {
  if (input.length === 0) throw new QuantityError(quantityFormatWrong);
  let pos = 0;
  let negative = false;
  if (input[0] === '-' || input[0] === '+') {
    negative = input[0] === '-';
    pos = 1;
  }
  const intEnd = digitsAt(input, pos);
  const whole = input.slice(pos, intEnd);
  pos = intEnd;
  let fraction = '';
  if (input[pos] === '.') {
    const fracEnd = digitsAt(input, pos + 1);
    fraction = input.slice(pos + 1, fracEnd);
    pos = fracEnd;
  }
  const suffix = input.slice(pos);
  // the suffix: letters from the suffix set, an optional sign, digits; anything else is malformed
  if (!/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) throw new QuantityError(quantityFormatWrong);
  let n = BigInt(`${whole}${fraction}` || '0');
  let scale = fraction.length;
  if (suffix in binarySuffixes) n *= 2n ** BigInt(binarySuffixes[suffix]!);
  else {
    let exp: number;
    if (suffix in decimalSuffixes) exp = decimalSuffixes[suffix]!;
    else {
      const m = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
      if (!m) throw new QuantityError(quantitySuffixWrong);
      exp = Number(m[1]);
      // kube caps scales far below this; the cap keeps `1e999999999` from allocating a huge bigint
      if (Math.abs(exp) > 1000) throw new QuantityError(quantityNumericWrong);
    }
    if (exp >= 0) n *= pow10(exp);
    else scale -= exp;
  }
  return new Quantity(negative ? -n : n, scale);
}
