import { describe, expect, it } from 'vitest';
import { createCelEngine } from '../engine.js';

const engine = createCelEngine();
const run = (expr: string, object: unknown = null) => engine.compile(expr).evaluate({ object });
const fails = (expr: string, object: unknown = null) => {
  try {
    run(expr, object);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${expr} did not fail`);
};

describe('strings extension', () => {
  it.each([
    ['"AbC".lowerAscii()', 'abc'],
    ['"a-b-c".replace("-", "+")', 'a+b+c'],
    ['"a-b-c".replace("-", "+", 1)', 'a+b-c'],
    ['"ab".replace("", "-")', '-a-b-'],
    ['"héllo".charAt(1)', 'é'],
    ['"abc".reverse()', 'cba'],
    ['"a,b".split(",")', ['a', 'b']],
    ['["a", "b"].join("-")', 'a-b'],
    ['" a ".trim()', 'a'],
    ['"abcd".substring(1, 3)', 'bc'],
    ['strings.quote("a\\"b\\n")', '"a\\"b\\n"'],
    ['"%s=%d".format(["a", 1])', 'a=1'],
    ['"%.2f|%e|%x|%X|%o|%b|%%".format([1.005, 1234.5, 255, "hi", 8, 5])', '1.00|1.234500e+03|ff|6869|10|101|%'],
    ['"%s".format([[1, "a"]])', '[1, a]'],
    ['string(timestamp("2024-01-02T03:04:05Z"))', '2024-01-02T03:04:05Z'],
    ['string(duration("90s"))', '90s'],
  ])('%s is %j', (expr, want) => {
    expect(run(expr)).toEqual(want);
  });

  it('refuses %d of a double and a missing argument', () => {
    expect(fails('"%d".format([1.5])')).toContain('decimal clause can only be used on integers');
    expect(fails('"%s %s".format(["a"])')).toBe('index 1 out of range');
  });
});

describe('lists library and sets', () => {
  it.each([
    ['[1, 2, 3].isSorted()', true],
    [`["b", "a"].isSorted()`, false],
    ['[1, 2, 3].sum()', 6],
    ['[1.5, 2.5].sum()', 4],
    ['[].sum()', 0],
    ['[3, 1, 2].min()', 1],
    ['["b", "c", "a"].max()', 'c'],
    ['[1, 2, 1].indexOf(1)', 0],
    ['[1, 2, 1].lastIndexOf(1)', 2],
    ['[1, 2].indexOf(3)', -1],
    ['object.sum()', 6],
    ['sets.contains([1, 2, 3], [3, 1])', true],
    ['sets.contains([1], [2])', false],
    ['sets.equivalent([1, 2, 2], [2, 1])', true],
    ['sets.intersects([1, 2], [2, 3])', true],
    ['sets.intersects([1], [])', false],
  ])('%s is %j', (expr, want) => {
    expect(run(expr, [1, 2, 3])).toEqual(want);
  });

  it('fails min of an empty list and sum past int64', () => {
    expect(fails('object.min()', [])).toBe('min called on empty list');
    expect(fails('[9223372036854775807, 1].sum()')).toBe('integer overflow');
  });
});

describe('regex library', () => {
  it.each([
    ['"abc 123 45".find("[0-9]+")', '123'],
    ['"abc".find("[0-9]+")', ''],
    ['"a1b2c3".findAll("[0-9]")', ['1', '2', '3']],
    ['"a1b2c3".findAll("[0-9]", 2)', ['1', '2']],
    ['"ABC".find("(?i)b")', 'B'],
    ['"héllo".find("\\\\p{L}+")', 'héllo'],
  ])('%s is %j', (expr, want) => {
    expect(run(expr)).toEqual(want);
  });

  it('reports a bad pattern as an evaluation error', () => {
    expect(fails('"a".find("[")')).toMatch(/^error parsing regexp: /);
  });
});

describe('quantity library', () => {
  it.each([
    ['quantity("1Gi") == quantity("1024Mi")', true],
    ['quantity("1Gi") != quantity("1G")', true],
    ['quantity("500m").isLessThan(quantity("1"))', true],
    ['quantity("2k").isGreaterThan(quantity("1999"))', true],
    ['quantity("1e3").compareTo(quantity("1k"))', 0],
    ['quantity("1.5").compareTo(quantity("2"))', -1],
    ['quantity("500m").asApproximateFloat()', 0.5],
    ['quantity("2Ki").asInteger()', 2048],
    ['quantity("1.5").isInteger()', false],
    ['quantity("-3").sign()', -1],
    ['quantity("1Gi").add(quantity("512Mi")) == quantity("1536Mi")', true],
    ['quantity("1").add(2) == quantity("3")', true],
    ['quantity("1").sub(quantity("250m")) == quantity("750m")', true],
    ['isQuantity("10Mi")', true],
    ['isQuantity("10 Mi")', false],
    ['isQuantity("1Q")', false],
  ])('%s is %j', (expr, want) => {
    expect(run(expr)).toEqual(want);
  });

  it('fails with kube messages', () => {
    expect(fails('quantity("abc")')).toBe(
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expect(fails('quantity("1Qi")')).toBe("quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
    expect(fails('quantity("1kk")')).toBe("unable to parse quantity's suffix");
    expect(fails('quantity("1.5").asInteger()')).toBe('cannot convert value to integer');
    expect(fails('quantity("10E").asInteger()')).toBe('cannot convert value to integer');
  });
});
