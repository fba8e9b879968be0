import { describe, expect, it } from 'vitest';
import { StatusError } from '../status.js';
import { statusOf } from '../testing/index.js';
import { lexLabelSelector } from './label-lexer.js';
import {
  formatLabelSelector,
  labelSelectorFromMetaV1,
  labelSelectorFromSet,
  nothingLabelSelector,
  parseLabelSelector,
} from './labels.js';

const parseError = (s: string): StatusError => statusOf(() => parseLabelSelector(s));

const qnameRegex = "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'";

describe('label selector lexer (kube TestLexer, TestLexerSequence)', () => {
  it.each([
    ['', 'eos'],
    [',', ','],
    ['notin', 'notin'],
    ['in', 'in'],
    ['=', '='],
    ['==', '=='],
    ['>', '>'],
    ['<', '<'],
    ['!', '!'],
    ['!=', '!='],
    ['(', '('],
    [')', ')'],
    ['~', 'id'],
    ['||', 'id'],
  ])('lexes %j as one %s token', (s, tok) => {
    expect(lexLabelSelector(s)[0]).toEqual({ tok, lit: s });
  });

  it.each([
    ['key in ( value )', ['id', 'in', '(', 'id', ')']],
    ['key notin ( value )', ['id', 'notin', '(', 'id', ')']],
    ['key in ( value1, value2 )', ['id', 'in', '(', 'id', ',', 'id', ')']],
    ['!key', ['!', 'id']],
    ['x in (),y', ['id', 'in', '(', ')', ',', 'id']],
    ['== != (), = notin', ['==', '!=', '(', ')', ',', '=', 'notin']],
    ['key>2', ['id', '>', 'id']],
    ['key<1', ['id', '<', 'id']],
  ])('lexes %j into the longest tokens', (s, toks) => {
    expect(lexLabelSelector(s).map((t) => t.tok)).toEqual([...toks, 'eos']);
  });
});

describe('parseLabelSelector', () => {
  it.each(['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5'])(
    'round-trips %j to its canonical string (kube TestSelectorParse)',
    (s) => {
      expect(parseLabelSelector(s).toString()).toBe(s.replaceAll(' ', ''));
    },
  );

  it.each(['x=a||y=b', 'x==a==b', '!x=a', 'x<a', 'x,y,', ',x,y', 'x nott in (y)', 'a in (xyz),', 'a in (xyz)b notin ()'])(
    'rejects %j with a 400',
    (s) => {
      expect(parseError(s).status.code).toBe(400);
      expect(parseError(s).status.reason).toBe('BadRequest');
    },
  );

  it.each(['a in (xyz abc)', 'a notin(', 'a (', '('])('rejects the malformed %j', (s) => {
    expect(() => parseLabelSelector(s)).toThrow(StatusError);
  });

  it.each([
    ['\rx', 'x'],
    ['this-is-a-dns.domain.com/key-with-dash', 'this-is-a-dns.domain.com/key-with-dash'],
    ['0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)', '0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)'],
    ['foo  in\t (abc)', 'foo in (abc)'],
    ['x notin\n (abc)', 'x notin (abc)'],
    ['x in (abc,)', 'x in (,abc)'],
    ['x in ()', 'x in ()'],
    ['x notin ( )', 'x notin ()'],
    ['x notin (, a)', 'x notin (,a)'],
    ['x notin (abc,,def),bar,z in (),w', 'bar,w,x notin (,abc,def),z in ()'],
    ['x notin (abc,def)', 'x notin (abc,def)'],
    ['a in (x,y,notin, z,in)', 'a in (in,notin,x,y,z)'],
    ['x=a,y!=b,z in (h,i,j)', 'x=a,y!=b,z in (h,i,j)'],
    ['notin=in', 'notin=in'],
    ['z in (b,a,b)', 'z in (a,b)'],
    ['b=1,a==2,c', 'a==2,b=1,c'],
  ])('parses %j (kube TestSetSelectorParser) and prints %j', (s, canonical) => {
    expect(parseLabelSelector(s).toString()).toBe(canonical);
  });

  it('formats hand-built requirements canonically (kube TestToString)', () => {
    expect(
      formatLabelSelector({
        requirements: [
          { key: 'z', operator: 'exists', values: [] },
          { key: 'y', operator: 'notin', values: ['jkl'] },
          { key: 'x', operator: 'in', values: ['def', 'abc'] },
        ],
      }),
    ).toBe('x in (abc,def),y notin (jkl),z');
    expect(
      formatLabelSelector({
        requirements: [
          { key: 'x', operator: 'gt', values: ['2'] },
          { key: 'y', operator: 'lt', values: ['8'] },
          { key: 'z', operator: '!', values: [] },
          { key: 'w', operator: '!=', values: ['a'] },
        ],
      }),
    ).toBe('w!=a,x>2,y<8,!z');
  });

  it('keeps the parsed requirements sorted by key with sorted, unique values', () => {
    expect(parseLabelSelector('y in (b,a,a),x').requirements).toEqual([
      { key: 'x', operator: 'exists', values: [] },
      { key: 'y', operator: 'in', values: ['a', 'b'] },
    ]);
  });

  it('parses deterministically whatever the order of requirements', () => {
    expect(parseLabelSelector('x=a,a=x').toString()).toBe(parseLabelSelector('a=x,x=a').toString());
  });

  it('reports a bad key with the nil field path kube-apiserver prints', () => {
    expect(parseError('app:monolith').message).toBe(
      `unable to parse requirement: <nil>: Invalid value: "app:monolith": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is ${qnameRegex})`,
    );
  });

  it('reports a bad key prefix as a DNS subdomain error', () => {
    expect(parseError('app.kubernetes_io/name=vault').message).toBe(
      "unable to parse requirement: <nil>: Invalid value: \"app.kubernetes_io/name\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    );
  });

  it('reports a key with two slashes as not a qualified name', () => {
    expect(parseError('a/b/c ?=? def').message).toBe(
      `unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is ${qnameRegex}) with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    );
  });

  it('reports a bad value at values[i][key]', () => {
    expect(parseError('app=-web').message).toBe(
      `unable to parse requirement: values[0][app]: Invalid value: "-web": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(${qnameRegex.slice(1, -1)})?')`,
    );
  });

  it('reports a non-integer gt/lt value', () => {
    expect(parseError('x>abc').message).toBe(
      `unable to parse requirement: values[0]: Invalid value: "abc": for 'Gt', 'Lt' operators, the value must be an integer`,
    );
  });

  it('rejects a negative gt/lt bound, which is no valid label value', () => {
    expect(parseError('z>-1').message).toMatch(/^unable to parse requirement: values\[0\]\[z\]: Invalid value: "-1": a valid label/);
  });

  it('joins several requirement errors in brackets', () => {
    const msg = parseError('x<a-').message;
    expect(msg).toMatch(/^unable to parse requirement: \[values\[0\]: Invalid value: "a-": for 'Gt'.*, values\[0\]\[x\]: Invalid value: "a-": a valid label/);
  });

  it.each([
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['x,', "found '', expected: identifier after ','"],
    [',x', "found ',', expected: !, identifier, or 'end of string'"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (a,,)', "unable to parse requirement: found ')', expected: ',', or identifier"],
    ['x in (=)', "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['x = =', "unable to parse requirement: found '=', expected: identifier"],
    ['!=x', "found '!=', expected: !, identifier, or 'end of string'"],
    ['!,x', "unable to parse requirement: found ',', expected: identifier"],
  ])('reports %j as kube does', (s, message) => {
    expect(parseError(s).message).toBe(message);
  });
});

describe('matching (kube TestSelectorMatches, TestRequirementSelectorMatching)', () => {
  it.each<[string, Record<string, string>, boolean]>([
    ['', { x: 'y' }, true],
    ['x=y', { x: 'y' }, true],
    ['x=y,z=w', { x: 'y', z: 'w' }, true],
    ['x!=y,z!=w', { x: 'z', z: 'a' }, true],
    ['notin=in', { notin: 'in' }, true],
    ['x', { x: 'z' }, true],
    ['!x', { y: 'z' }, true],
    ['x>1', { x: '2' }, true],
    ['x<1', { x: '0' }, true],
    ['x=z', {}, false],
    ['x=y', { x: 'z' }, false],
    ['x=y,z=w', { x: 'w', z: 'w' }, false],
    ['x!=y,z!=w', { x: 'z', z: 'w' }, false],
    ['x', { y: 'z' }, false],
    ['!x', { x: 'z' }, false],
    ['x>1', { x: '0' }, false],
    ['x<1', { x: '2' }, false],
    ['x in (foo),y notin (alpha)', { x: 'foo', y: 'baz' }, true],
    ['x in (foo),y in (alpha)', { x: 'foo', y: 'baz' }, false],
    ['x notin (),y', { y: '' }, true],
    ['!x,y', { y: '' }, true],
    ['x notin (),!y', { y: '' }, false],
    ['x in ()', { y: 'baz' }, false],
    ['z>1', { z: 'v2' }, false],
    ['z<10', { z: '9' }, true],
    ['z<10', { z: '9223372036854775808' }, false],
    ['x=', {}, false],
    ['x!=', {}, true],
  ])('%j against %j matches: %s', (s, labels, want) => {
    expect(parseLabelSelector(s).matches(labels)).toBe(want);
  });

  it('treats null labels as no labels', () => {
    expect(parseLabelSelector('!x').matches(null)).toBe(true);
    expect(parseLabelSelector('x').matches(undefined)).toBe(false);
  });

  it('does not see inherited object properties as labels', () => {
    expect(parseLabelSelector('toString').matches({})).toBe(false);
  });
});

describe('labelSelectorFromSet', () => {
  it('selects exactly the set, printed sorted by key', () => {
    const sel = labelSelectorFromSet({ foo: 'bar', baz: 'blah' });
    expect(sel.toString()).toBe('baz=blah,foo=bar');
    expect(sel.matches({ foo: 'bar', baz: 'blah', x: 'y' })).toBe(true);
    expect(sel.matches({ foo: 'bar' })).toBe(false);
  });

  it('selects everything for an empty or missing set', () => {
    expect(labelSelectorFromSet({}).empty()).toBe(true);
    expect(labelSelectorFromSet(null).matches({ a: 'b' })).toBe(true);
  });
});

describe('labelSelectorFromMetaV1', () => {
  it('selects nothing for a missing selector and everything for an empty one', () => {
    expect(labelSelectorFromMetaV1(null).matches({})).toBe(false);
    expect(labelSelectorFromMetaV1(null).empty()).toBe(false);
    expect(nothingLabelSelector().toString()).toBe('');
    expect(labelSelectorFromMetaV1({}).matches({})).toBe(true);
    expect(labelSelectorFromMetaV1({}).empty()).toBe(true);
  });

  it('combines matchLabels and matchExpressions sorted by key', () => {
    const sel = labelSelectorFromMetaV1({
      matchLabels: { tier: 'web' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'canary'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'app', operator: 'Exists', values: [] },
        { key: 'zone', operator: 'NotIn', values: ['b'] },
      ],
    });
    expect(sel.toString()).toBe('app,env in (canary,prod),!legacy,tier=web,zone notin (b)');
    expect(sel.matches({ app: 'x', env: 'prod', tier: 'web' })).toBe(true);
    expect(sel.matches({ app: 'x', env: 'prod', tier: 'web', zone: 'b' })).toBe(false);
  });

  it('rejects an unknown operator with kube message', () => {
    expect(() => labelSelectorFromMetaV1({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })).toThrow(
      '"Gt" is not a valid label selector operator',
    );
  });

  it('rejects In without values', () => {
    expect(() => labelSelectorFromMetaV1({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })).toThrow(
      "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    );
  });

  it('rejects Exists with values', () => {
    expect(() => labelSelectorFromMetaV1({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] })).toThrow(
      'values: Invalid value: []string{"x"}: values set must be empty for exists and does not exist',
    );
  });

  it('rejects an invalid matchLabels key at field path "key"', () => {
    expect(() => labelSelectorFromMetaV1({ matchLabels: { 'a b': 'c' } })).toThrow(/^key: Invalid value: "a b": name part/);
  });
});
