import { describe, expect, it } from 'vitest';
import { base64Error, decodedLength, isConfigMapKey } from './data.js';

describe('isConfigMapKey', () => {
  it('accepts alphanumerics, dash, underscore and dot', () => {
    expect(isConfigMapKey('key.name')).toEqual([]);
    expect(isConfigMapKey('KEY_NAME-2')).toEqual([]);
    expect(isConfigMapKey('.dockercfg')).toEqual([]);
  });

  it("rejects other characters with kube's message", () => {
    expect(isConfigMapKey('bad key')).toEqual([
      "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
    ]);
  });

  it('rejects . and .. and a leading ..', () => {
    expect(isConfigMapKey('.')).toEqual(["must not be '.'"]);
    expect(isConfigMapKey('..')).toEqual(["must not be '..'"]);
    expect(isConfigMapKey('..a')).toEqual(["must not start with '..'"]);
  });

  it('rejects keys longer than 253 characters', () => {
    expect(isConfigMapKey('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });
});

describe('base64Error', () => {
  it('accepts padded standard base64, ignoring newlines', () => {
    expect(base64Error('')).toBeUndefined();
    expect(base64Error('YWJj')).toBeUndefined();
    expect(base64Error('YQ==')).toBeUndefined();
    expect(base64Error('YWI=')).toBeUndefined();
    expect(base64Error('YWJj\nZGVm')).toBeUndefined();
  });

  it("reports the offset Go's decoder reports", () => {
    expect(base64Error('a$bc')).toBe('illegal base64 data at input byte 1');
    expect(base64Error('YWJ')).toBe('illegal base64 data at input byte 0');
    expect(base64Error('YQ=')).toBe('illegal base64 data at input byte 3');
    expect(base64Error('YW=j')).toBe('illegal base64 data at input byte 2');
    expect(base64Error('Y===')).toBe('illegal base64 data at input byte 1');
    expect(base64Error('YQ==YQ==')).toBe('illegal base64 data at input byte 4');
    expect(base64Error('YW_j')).toBe('illegal base64 data at input byte 2');
  });

  it('measures decoded bytes', () => {
    expect(decodedLength('YWJjZA==')).toBe(4);
  });
});
