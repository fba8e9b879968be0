import { describe, expect, it } from 'vitest';
import { statusOf } from '@apiserver-kit/core/testing';
import { defaultFieldManager, fieldManagerFor, parseApplyBody } from './apply-body.js';


describe('parseApplyBody', () => {
  it('parses YAML', () => {
    const body = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  key: "007"\n  num: 1\n';
    expect(parseApplyBody(body)).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { key: '007', num: 1 } });
  });

  it('parses JSON', () => {
    expect(parseApplyBody('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}')).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x' },
    });
  });

  it('decodes scalars like go-yaml v2 (YAML 1.1, so a key n is false) but keeps timestamps as strings', () => {
    expect(parseApplyBody('a: yes\nb: 0755\nc: 12:30\nd: 2001-12-14\ne: ~\nn: 1\n')).toEqual({ a: true, b: 493, c: '12:30', d: '2001-12-14', e: null, false: 1 });
  });

  it('takes the first document and lets a duplicate key win', () => {
    expect(parseApplyBody('a: 1\na: 2\n---\nb: 3\n')).toEqual({ a: 2 });
  });

  it('treats an empty body as an empty object', () => {
    expect(parseApplyBody('')).toEqual({});
  });

  it('answers 400 with kube prefix for invalid YAML', () => {
    const err = statusOf(() => parseApplyBody('a: b: c\n'));
    expect(err.status.code).toBe(400);
    expect(err.status.message).toMatch(/^error decoding YAML: error converting YAML to JSON: yaml: line 1: /);
  });

  it('answers 400 for a body that is not a mapping', () => {
    expect(statusOf(() => parseApplyBody('- a\n- b\n')).status.message).toBe(
      'error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
  });
});

describe('defaultFieldManager', () => {
  it('takes the User-Agent up to the first slash', () => {
    expect(defaultFieldManager('kubectl/v1.31.0 (linux/amd64) kubernetes/abcdef')).toBe('kubectl');
    expect(defaultFieldManager('kube-controller-manager/v1.31.0 (linux/amd64) kubernetes/abc/system:serviceaccount:x')).toBe(
      'kube-controller-manager',
    );
    expect(defaultFieldManager('curl')).toBe('curl');
    expect(defaultFieldManager('')).toBe('');
  });

  it('drops unprintable characters and caps the result at 128 bytes', () => {
    expect(defaultFieldManager('a\u0000b\tc/x')).toBe('abc');
    expect(defaultFieldManager('x'.repeat(200))).toHaveLength(128);
    expect(Buffer.byteLength(defaultFieldManager('é'.repeat(100)))).toBe(128);
  });

  it('prefers an explicit fieldManager', () => {
    expect(fieldManagerFor('mine', 'kubectl/v1')).toBe('mine');
    expect(fieldManagerFor(undefined, 'kubectl/v1')).toBe('kubectl');
  });
});
