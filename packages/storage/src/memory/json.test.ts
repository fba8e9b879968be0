import { describe, expect, it } from 'vitest';
import type { ApiObject } from '@apiserver-kit/core';
import { decodeValue, encodeValue, sameValue } from './json.js';

const obj = (data: Record<string, string>, rv?: string): ApiObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', ...(rv ? { resourceVersion: rv } : {}) }, data });

describe('stored JSON values', () => {
  it('leave resourceVersion out, and decode to a fresh object carrying the revision', () => {
    const text = encodeValue('/k', obj({ a: '1' }, '5'));
    expect(text).not.toContain('resourceVersion');
    const a = decodeValue(text, 7);
    const b = decodeValue(text, 7);
    expect(a.metadata.resourceVersion).toBe('7');
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });

  it('compare equal whatever their key order, and unequal when a value differs (same length or not)', () => {
    const ab = encodeValue('/k', obj({ a: '1', b: '2' }));
    const ba = encodeValue('/k', obj({ b: '2', a: '1' }));
    expect(ab).not.toBe(ba);
    expect(sameValue(ab, ba)).toBe(true);
    expect(sameValue(ab, encodeValue('/k', obj({ a: '1', b: '3' })))).toBe(false); // same length
    expect(sameValue(ab, encodeValue('/k', obj({ a: '1', b: '22' })))).toBe(false); // longer
    expect(sameValue(ab, encodeValue('/k', obj({ a: '1', b: '2' }, '9')))).toBe(true); // resourceVersion is not stored
  });
});
