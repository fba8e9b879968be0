import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLabelSelector } from './labels.js';

const name = fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,8}[A-Za-z0-9])?$/);
const prefix = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,4}[a-z0-9])?(\.[a-z0-9]{1,4}){0,2}$/);
const key = fc.oneof(
  fc.constantFrom('app', 'tier', 'in', 'notin', 'example.com/team'),
  name,
  fc.tuple(prefix, name).map(([p, n]) => `${p}/${n}`),
);
const nonEmptyValue = fc.oneof(fc.constantFrom('web', 'in', 'notin', '7'), name);
const value = fc.oneof(fc.constant(''), nonEmptyValue);
const integer = fc.integer({ min: 0, max: 1_000_000 }).map(String);
const ws = fc.constantFrom('', ' ', '  ', '\t');

/** One requirement as text, with arbitrary (legal) whitespace between its tokens. */
const requirement = fc.oneof(
  fc.tuple(key, fc.constantFrom('=', '==', '!='), value, ws).map(([k, op, v, s]) => `${k}${s}${op}${s}${v}`),
  // kube accepts an empty value in a set as a leading comma or as "()", but rejects "(a,,)".
  fc.tuple(key, fc.constantFrom('in', 'notin'), fc.boolean(), fc.array(nonEmptyValue, { maxLength: 4 }), ws).map(
    ([k, op, empty, vs, s]) => `${k} ${op}${s}(${s}${empty ? `,${s}` : ''}${vs.join(`${s},${s}`)}${s})`,
  ),
  fc.tuple(key, fc.constantFrom('>', '<'), integer, ws).map(([k, op, v, s]) => `${k}${s}${op}${s}${v}`),
  fc.tuple(fc.constantFrom('', '!'), key, ws).map(([not, k, s]) => `${s}${not}${k}`),
);
const selectorText = fc.tuple(fc.array(requirement, { maxLength: 5 }), ws).map(([reqs, s]) => reqs.join(`${s},${s}`));
const labels = fc.dictionary(key, fc.oneof(value, integer), { maxKeys: 6 });

describe('label selector properties', () => {
  it('parses its own canonical string into the same selector', () => {
    fc.assert(
      fc.property(selectorText, (text) => {
        const sel = parseLabelSelector(text);
        const again = parseLabelSelector(sel.toString());
        expect(again.requirements).toEqual(sel.requirements);
        expect(again.toString()).toBe(sel.toString());
      }),
      { numRuns: 300 },
    );
  });

  it('matches the same label sets after a round trip through its string', () => {
    fc.assert(
      fc.property(selectorText, fc.array(labels, { minLength: 1, maxLength: 8 }), (text, sets) => {
        const sel = parseLabelSelector(text);
        const again = parseLabelSelector(sel.toString());
        for (const l of sets) expect(again.matches(l)).toBe(sel.matches(l));
      }),
      { numRuns: 300 },
    );
  });
});
