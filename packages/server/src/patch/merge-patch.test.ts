import { describe, expect, it } from 'vitest';
import { statusOf } from '@apiserver-kit/core/testing';
import type { ApiObject } from '@apiserver-kit/core';
import { applyMergePatch, mergeJson } from './merge-patch.js';

const cm = (): ApiObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', labels: { app: 'web', tier: 'fe' } },
  data: { key: 'v' },
});


describe('applyMergePatch', () => {
  it('merges objects recursively and deletes keys set to null', () => {
    const out = applyMergePatch(cm(), { metadata: { labels: { tier: null, new: 'n' } }, data: { key: 'v2' } });
    expect(out.metadata.labels).toEqual({ app: 'web', new: 'n' });
    expect(out.data).toEqual({ key: 'v2' });
  });

  it('replaces lists and scalars wholesale', () => {
    const out = applyMergePatch({ ...cm(), list: [1, 2, 3] }, { list: [4] });
    expect(out.list).toEqual([4]);
  });

  it('drops nulls inside values it adds', () => {
    const out = applyMergePatch(cm(), { spec: { a: null, b: { c: null, d: 1 } } });
    expect(out.spec).toEqual({ b: { d: 1 } });
  });

  it('never mutates the original object', () => {
    const original = cm();
    const snapshot = JSON.stringify(original);
    const out = applyMergePatch(original, { data: { key: null } });
    expect(JSON.stringify(original)).toBe(snapshot);
    out.metadata.labels!.app = 'changed';
    expect(JSON.stringify(original)).toBe(snapshot);
  });

  it('handles keys such as __proto__ and constructor as plain data', () => {
    const patch = JSON.parse('{"data":{"__proto__":"p","constructor":"c"}}') as unknown;
    const out = applyMergePatch(cm(), patch);
    expect(Object.keys(out.data as object)).toEqual(['key', '__proto__', 'constructor']);
    expect(Object.getPrototypeOf(out.data)).toBe(Object.prototype);
  });

  it.each([null, 'text', 7, true])('answers 400 "Invalid JSON Patch" for the body %j', (body) => {
    const err = statusOf(() => applyMergePatch(cm(), body));
    expect(err.status).toMatchObject({ code: 400, reason: 'BadRequest', message: 'Invalid JSON Patch' });
  });

  it('answers 422 Invalid on field patch for a list body, as kube fails to decode the result', () => {
    const err = statusOf(() => applyMergePatch(cm(), [1, null]));
    expect(err.status.code).toBe(422);
    expect(err.status.message).toBe(
      ' "" is invalid: patch: Invalid value: "[1]": couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }',
    );
    expect(err.status.details?.kind).toBeUndefined();
    expect(err.status.details?.causes?.[0]?.field).toBe('patch');
  });

  it('answers 400 with the strict decoder message with fieldValidation=Strict', () => {
    const err = statusOf(() => applyMergePatch(cm(), [1], { fieldValidation: 'Strict' }));
    expect(err.status.message).toBe('error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}');
  });
});

describe('mergeJson (RFC 7386 examples)', () => {
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('merges %j with %j into %j', (target, patch, expected) => {
    expect(mergeJson(target, patch)).toEqual(expected);
  });
});
