import { describe, expect, it } from 'vitest';
import { statusOf } from '@apiserver-kit/core/testing';
import type { ApiObject } from '@apiserver-kit/core';
import { applyJsonPatch, maxJsonPatchOperations } from './json-patch.js';

const cm = (): ApiObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'x', labels: { app: 'web' }, finalizers: ['a', 'b', 'c'] },
  data: { key: 'v' },
});


const invalid422 = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'the server rejected our request due to an error in our request',
  reason: 'Invalid',
  details: {},
  code: 422,
};

describe('applyJsonPatch', () => {
  it('applies add, replace, remove, move, copy and test in order', () => {
    const out = applyJsonPatch(cm(), [
      { op: 'test', path: '/data/key', value: 'v' },
      { op: 'add', path: '/data/new', value: 'n' },
      { op: 'replace', path: '/data/key', value: 'v2' },
      { op: 'copy', from: '/data/new', path: '/data/copied' },
      { op: 'move', from: '/data/new', path: '/data/moved' },
      { op: 'remove', path: '/metadata/labels/app' },
      { op: 'add', path: '/metadata/annotations', value: { 'a~b/c': '1' } },
      { op: 'test', path: '/metadata/annotations/a~0b~1c', value: '1' },
    ]);
    expect(out.data).toEqual({ key: 'v2', copied: 'n', moved: 'n' });
    expect(out.metadata.labels).toEqual({});
  });

  it('never mutates the original object', () => {
    const original = cm();
    const snapshot = JSON.stringify(original);
    const out = applyJsonPatch(original, [{ op: 'add', path: '/data/x', value: { deep: true } }]);
    expect(JSON.stringify(original)).toBe(snapshot);
    (out.data as Record<string, unknown>).key = 'mutated';
    expect(JSON.stringify(original)).toBe(snapshot);
  });

  it('treats negative indices as counted from the end for add and remove', () => {
    const out = applyJsonPatch(cm(), [
      { op: 'remove', path: '/metadata/finalizers/-1' },
      { op: 'add', path: '/metadata/finalizers/-1', value: 'z' },
    ]);
    expect(out.metadata.finalizers).toEqual(['a', 'b', 'z']);
  });

  it('adds null when an add has no value', () => {
    const out = applyJsonPatch(cm(), [{ op: 'add', path: '/data/empty' }]);
    expect(out.data).toEqual({ key: 'v', empty: null });
  });

  it('accepts a test for null against a missing key', () => {
    expect(() => applyJsonPatch(cm(), [{ op: 'test', path: '/data/missing', value: null }])).not.toThrow();
  });

  it('applies an empty or null patch as a no-op', () => {
    expect(applyJsonPatch(cm(), [])).toEqual(cm());
    expect(applyJsonPatch(cm(), null)).toEqual(cm());
  });

  it.each([
    ['a failed test', [{ op: 'test', path: '/data/key', value: 'other' }]],
    ['removing a missing key', [{ op: 'remove', path: '/data/missing' }]],
    ['replacing a missing key', [{ op: 'replace', path: '/data/missing', value: 1 }]],
    ['adding below a missing parent', [{ op: 'add', path: '/spec/x/y', value: 1 }]],
    ['an unknown op', [{ op: 'frobnicate', path: '/data/key' }]],
    ['a missing op', [{ path: '/data/key' }]],
    ['a path without a leading slash', [{ op: 'add', path: 'data/key', value: 1 }]],
    ['the document root', [{ op: 'replace', path: '', value: {} }]],
    ['an index past the end', [{ op: 'add', path: '/metadata/finalizers/9', value: 'x' }]],
    ['a move from a missing path', [{ op: 'move', from: '/nope', path: '/data/x' }]],
    ['a null operation', [null]],
  ])('answers kube generic 422 Invalid for %s', (_name, patch) => {
    const err = statusOf(() => applyJsonPatch(cm(), patch));
    expect(err.status).toEqual(invalid422);
  });

  it('answers 400 with Go decoding messages when the body is not a list of operations', () => {
    expect(statusOf(() => applyJsonPatch(cm(), { op: 'add' })).status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    });
    expect(statusOf(() => applyJsonPatch(cm(), 'x')).status.message).toBe(
      'json: cannot unmarshal string into Go value of type jsonpatch.Patch',
    );
    expect(statusOf(() => applyJsonPatch(cm(), [1])).status.message).toBe(
      'json: cannot unmarshal number into Go value of type jsonpatch.Operation',
    );
  });

  it('uses the strict decoder messages with fieldValidation=Strict', () => {
    const strict = { fieldValidation: 'Strict' };
    expect(statusOf(() => applyJsonPatch(cm(), {}, strict)).status.message).toBe(
      'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    );
    expect(statusOf(() => applyJsonPatch(cm(), [true], strict)).status.message).toBe(
      'error decoding patch: json: cannot unmarshal bool into Go value of type handlers.jsonPatchOp',
    );
    expect(statusOf(() => applyJsonPatch(cm(), [{ op: 1, path: '/a' }], strict)).status.message).toBe(
      'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.op of type string',
    );
  });

  it('answers 413 for more than 10000 operations', () => {
    const patch = Array.from({ length: maxJsonPatchOperations + 1 }, () => ({ op: 'test', path: '/data/key', value: 'v' }));
    const err = statusOf(() => applyJsonPatch(cm(), patch));
    expect(err.status.code).toBe(413);
    expect(err.status.reason).toBe('RequestEntityTooLarge');
    expect(err.status.message).toBe('Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001');
  });

  it('accepts exactly 10000 operations', () => {
    const patch = Array.from({ length: maxJsonPatchOperations }, () => ({ op: 'test', path: '/data/key', value: 'v' }));
    expect(() => applyJsonPatch(cm(), patch)).not.toThrow();
  });
});
