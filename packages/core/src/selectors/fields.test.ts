import { describe, expect, it } from 'vitest';
import type { StatusError } from '../status.js';
import { statusOf } from '../testing/index.js';
import {
  escapeFieldSelectorValue,
  fieldSelectorFromSet,
  fieldSelectorRequiresExactMatch,
  parseFieldSelector,
} from './fields.js';

const parseError = (s: string): StatusError => statusOf(() => parseFieldSelector(s));

describe('parseFieldSelector', () => {
  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=a||y\\=b', 'x=a\\=\\=b'])(
    'round-trips %j to the same string (kube TestSelectorParse)',
    (s) => {
      expect(parseFieldSelector(s).toString()).toBe(s);
    },
  );

  it.each(['x=a||y=b', 'x==a==b', 'x=a,b', 'x in (a)', 'x in (a,b,c)', 'x'])('rejects %j with a 400', (s) => {
    const err = parseError(s);
    expect(err.status.code).toBe(400);
    expect(err.status.reason).toBe('BadRequest');
  });

  it.each([
    ['x', "invalid selector: 'x'; can't understand 'x'"],
    ['x=a,b', "invalid selector: 'x=a,b'; can't understand 'b'"],
    ['x=a=b', 'invalid field selector: unescaped character in value: 61'],
    ['k=\\a', 'invalid field selector: invalid escape sequence: \\a'],
    ['k=\\', 'invalid field selector: invalid escape sequence: \\'],
    ['k=\\\\\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('reports %j with kube message', (s, message) => {
    expect(parseError(s).message).toBe(message);
  });

  it('sorts terms and prints == as =', () => {
    const sel = parseFieldSelector('b==2,a!=1');
    expect(sel.toString()).toBe('a!=1,b=2');
    expect(sel.requirements).toEqual([
      { field: 'a', operator: '!=', value: '1' },
      { field: 'b', operator: '==', value: '2' },
    ]);
  });

  it('parses deterministically whatever the order of terms', () => {
    expect(parseFieldSelector('x=a,a=x').toString()).toBe(parseFieldSelector('a=x,x=a').toString());
  });

  it('splits on unescaped commas only and unescapes values (terms sorted by their raw text)', () => {
    expect(parseFieldSelector('k=\\,,k2=v2').requirements).toEqual([
      { field: 'k2', operator: '=', value: 'v2' },
      { field: 'k', operator: '=', value: ',' },
    ]);
    expect(parseFieldSelector('k=\\\\,k2=v2').requirements[1]!.value).toBe('\\');
    expect(parseFieldSelector('k=\\\\\\,,k2=v2').requirements[1]!.value).toBe('\\,');
  });

  it('skips empty terms and a term with neither field nor value', () => {
    expect(parseFieldSelector(',a=a,').toString()).toBe('a=a');
    expect(parseFieldSelector('=').empty()).toBe(true);
  });

  it('splits at the first operator, so the field may hold other characters', () => {
    expect(parseFieldSelector('a!b=c').requirements).toEqual([{ field: 'a!b', operator: '=', value: 'c' }]);
    expect(parseFieldSelector('함=수,목=록').toString()).toBe('목=록,함=수');
  });
});

describe('field selector matching (kube TestSelectorMatches)', () => {
  const fieldset = { foo: 'bar', baz: 'blah', complex: '=value\\,\\' };
  it.each<[string, Record<string, string>, boolean]>([
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['foo=bar,baz=blah', fieldset, true],
    ['foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\', fieldset, true],
    ['foo=blah', fieldset, false],
    ['foo=bar,foobar=bar,baz=blah', fieldset, false],
    ['missing=', {}, true],
    ['missing!=x', {}, true],
  ])('%j against %j matches: %s', (s, fields, want) => {
    expect(parseFieldSelector(s).matches(fields)).toBe(want);
  });
});

describe('escapeFieldSelectorValue', () => {
  it.each([
    ['', ''],
    ['a', 'a'],
    ['=', '\\='],
    [',', '\\,'],
    ['\\', '\\\\'],
    ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\'],
  ])('escapes %j as %j, which parses back', (raw, escaped) => {
    expect(escapeFieldSelectorValue(raw)).toBe(escaped);
    expect(parseFieldSelector(`f=${escaped}`).matches({ f: raw })).toBe(true);
  });
});

describe('fieldSelectorFromSet and fieldSelectorRequiresExactMatch', () => {
  it('builds an equality selector that matches exactly the set', () => {
    const sel = fieldSelectorFromSet({ 'metadata.name': 'a,b', 'metadata.namespace': 'ns' });
    expect(sel.toString()).toBe('metadata.name=a\\,b,metadata.namespace=ns');
    expect(sel.matches({ 'metadata.name': 'a,b', 'metadata.namespace': 'ns' })).toBe(true);
    expect(fieldSelectorFromSet(null).empty()).toBe(true);
  });

  it.each<[string, string | undefined]>([
    ['', undefined],
    ['a=b', undefined],
    ['test=b', 'b'],
    ['test=', ''],
    ['test!=b', undefined],
    ['a=c,test==b', 'b'],
  ])('in %j finds the exact value %j for "test"', (s, want) => {
    expect(fieldSelectorRequiresExactMatch(parseFieldSelector(s), 'test')).toBe(want);
  });
});
