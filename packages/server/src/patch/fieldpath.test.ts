import { describe, expect, it } from 'vitest';
import { FieldSet, field, index, key, parsePathElement, pathString, serializePathElement, value } from './fieldpath.js';

describe('FieldsV1 encoding', () => {
  it('writes fields as f: keys with empty objects for leaves', () => {
    const s = FieldSet.of([field('metadata'), field('labels'), field('app')], [field('data'), field('key')]);
    expect(JSON.stringify(s.toFieldsV1())).toBe('{"f:data":{"f:key":{}},"f:metadata":{"f:labels":{"f:app":{}}}}');
  });

  it('marks a node that is owned and has owned children with "." first', () => {
    const s = FieldSet.of([field('data')], [field('data'), field('key')]);
    expect(JSON.stringify(s.toFieldsV1())).toBe('{"f:data":{".":{},"f:key":{}}}');
  });

  it('writes keyed list items as k: with sorted key fields in Go JSON', () => {
    const item = key([
      ['protocol', 'TCP'],
      ['containerPort', 80],
    ]);
    expect(serializePathElement(item)).toBe('k:{"containerPort":80,"protocol":"TCP"}');
    const s = FieldSet.of(
      [field('spec'), field('containers'), key([['name', 'app']])],
      [field('spec'), field('containers'), key([['name', 'app']]), field('image')],
    );
    expect(JSON.stringify(s.toFieldsV1())).toBe('{"f:spec":{"f:containers":{"k:{\\"name\\":\\"app\\"}":{".":{},"f:image":{}}}}}');
  });

  it('writes set items as v: and indices as i:', () => {
    expect(serializePathElement(value('example.com/fin'))).toBe('v:"example.com/fin"');
    expect(serializePathElement(value(3))).toBe('v:3');
    expect(serializePathElement(index(2))).toBe('i:2');
  });

  it('orders fields before keys before values before indices, and fields by name', () => {
    const s = FieldSet.of([index(0)], [value('x')], [key([['name', 'a']])], [field('b')], [field('a')]);
    expect(Object.keys(s.toFieldsV1())).toEqual(['f:a', 'f:b', 'k:{"name":"a"}', 'v:"x"', 'i:0']);
  });

  it('orders values numbers before strings before booleans', () => {
    const s = FieldSet.of([value(true)], [value('a')], [value(10)], [value(9)]);
    expect(Object.keys(s.toFieldsV1())).toEqual(['v:9', 'v:10', 'v:"a"', 'v:true']);
  });

  it('round-trips through fromFieldsV1', () => {
    const json = {
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} }, 'f:finalizers': { 'v:"a"': {} } },
      'f:spec': { 'f:containers': { 'k:{"name":"x"}': { '.': {}, 'f:image': {} } } },
    };
    const s = FieldSet.fromFieldsV1(json);
    expect(s.has([field('metadata'), field('labels')])).toBe(true);
    expect(s.has([field('metadata'), field('labels'), field('app')])).toBe(true);
    expect(s.has([field('metadata')])).toBe(false);
    expect(s.has([field('spec'), field('containers'), key([['name', 'x']])])).toBe(true);
    expect(s.toFieldsV1()).toEqual(json);
  });

  it('ignores unknown element types and rejects malformed keys', () => {
    expect(FieldSet.fromFieldsV1({ 'x:foo': {}, 'f:a': {} }).toFieldsV1()).toEqual({ 'f:a': {} });
    expect(parsePathElement('z:1')).toBeUndefined();
    expect(() => FieldSet.fromFieldsV1({ f: {} })).toThrow('key must be 2 characters long');
    expect(() => FieldSet.fromFieldsV1({ fx: {} })).toThrow('missing colon');
  });
});

describe('FieldSet operations', () => {
  const a = [field('a')];
  const ab = [field('a'), field('b')];
  const c = [field('c')];

  it('computes union, intersection and difference member by member', () => {
    const x = FieldSet.of(a, ab);
    const y = FieldSet.of(ab, c);
    expect(x.union(y).paths().map(pathString)).toEqual(['.a', '.c', '.a.b']);
    expect(x.intersection(y).paths().map(pathString)).toEqual(['.a.b']);
    expect(x.difference(y).paths().map(pathString)).toEqual(['.a']);
  });

  it('recursiveDifference drops everything below a removed member', () => {
    const x = FieldSet.of(ab, c);
    expect(x.recursiveDifference(FieldSet.of(a)).paths().map(pathString)).toEqual(['.c']);
    expect(x.difference(FieldSet.of(a)).paths().map(pathString)).toEqual(['.c', '.a.b']);
  });

  it('hasPrefix is true for a path and for any ancestor of a member', () => {
    const x = FieldSet.of(ab);
    expect(x.hasPrefix(a)).toBe(true);
    expect(x.hasPrefix(ab)).toBe(true);
    expect(x.hasPrefix(c)).toBe(false);
    expect(x.hasPrefix([field('a'), field('b'), field('z')])).toBe(false);
  });
});

describe('pathString', () => {
  it('prints paths the way conflict messages show them', () => {
    expect(pathString([field('data'), field('key')])).toBe('.data.key');
    expect(pathString([field('spec'), field('containers'), key([['name', 'nginx']]), field('image')])).toBe(
      '.spec.containers[name="nginx"].image',
    );
    expect(pathString([field('metadata'), field('finalizers'), value('x')])).toBe('.metadata.finalizers[="x"]');
    expect(pathString([field('spec'), field('args'), index(1)])).toBe('.spec.args[1]');
  });
});
