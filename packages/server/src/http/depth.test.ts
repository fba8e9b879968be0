import { describe, expect, it } from 'vitest';
import { statusOf } from '@apiserver-kit/core/testing';
import { parseDocument } from './body.js';
import { checkNestingDepth, maxNestingDepth, maxYamlNestingDepth } from './depth.js';

describe('checkNestingDepth', () => {
  it('rejects JSON nested deeper than the limit with 400 before parsing', () => {
    const err = statusOf(() => parseDocument('['.repeat(100_000), 'json'));
    expect(err.status.code).toBe(400);
    expect(err.message).toBe(`the request body nests too deeply: exceeded max depth of ${maxNestingDepth}`);
  });

  it('rejects deep YAML flow collections, which would otherwise abort the process', () => {
    for (let i = 0; i < 3; i++) expect(statusOf(() => parseDocument('['.repeat(10_000), 'yaml')).status.code).toBe(400);
    expect(statusOf(() => parseDocument('{a: '.repeat(5_000), 'yaml')).status.code).toBe(400);
  });

  it('rejects deep YAML block nesting', () => {
    let text = '';
    for (let i = 0; i < maxYamlNestingDepth + 5; i++) text += `${' '.repeat(i)}k:\n`;
    expect(statusOf(() => parseDocument(text, 'yaml')).status.code).toBe(400);
  });

  it('accepts the limit itself and ignores brackets inside JSON strings', () => {
    expect(() => checkNestingDepth('['.repeat(maxNestingDepth) + ']'.repeat(maxNestingDepth), 'json')).not.toThrow();
    expect(() => checkNestingDepth(JSON.stringify({ v: '['.repeat(5000) }), 'json')).not.toThrow();
    expect(parseDocument('a:\n  b:\n    - c: [1, {d: 2}]\n', 'yaml')).toEqual({ a: { b: [{ c: [1, { d: 2 }] }] } });
    const d = maxYamlNestingDepth;
    for (let i = 0; i < 20; i++) expect(parseDocument('['.repeat(d) + ']'.repeat(d), 'yaml')).toBeInstanceOf(Array);
  });
});
