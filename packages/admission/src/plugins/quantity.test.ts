import { describe, expect, it } from 'vitest';
import { canonicalQuantity, formatQuantity, parseQuantity } from './quantity.js';

describe('quantities', () => {
  it('parse decimal, binary and exponent forms and JSON numbers', () => {
    expect(parseQuantity('10')).toEqual({ value: 10, binary: false });
    expect(parseQuantity('1k')).toEqual({ value: 1000, binary: false });
    expect(parseQuantity('2Ki')).toEqual({ value: 2048, binary: true });
    expect(parseQuantity('1e3')).toEqual({ value: 1000, binary: false });
    expect(parseQuantity('500m')!.value).toBeCloseTo(0.5);
    expect(parseQuantity(7)).toEqual({ value: 7, binary: false });
  });

  it('reject what is not a quantity', () => {
    for (const bad of ['', 'abc', '1x', '.', '1Kb', null, {}, Number.NaN]) expect(parseQuantity(bad)).toBeUndefined();
  });

  it("print integers as kube's canonical DecimalSI / BinarySI strings", () => {
    expect(formatQuantity(0)).toBe('0');
    expect(formatQuantity(2)).toBe('2');
    expect(formatQuantity(1000)).toBe('1k');
    expect(formatQuantity(1500)).toBe('1500');
    expect(formatQuantity(3_000_000)).toBe('3M');
    expect(formatQuantity(2048, true)).toBe('2Ki');
    expect(canonicalQuantity('1000')).toBe('1k');
    expect(canonicalQuantity('nope')).toBe('nope');
  });
});
