import { describe, expect, it } from 'vitest';
import { StatusError } from '@apiserver-kit/core';
import { parseResourceVersion } from './resource-version.js';

function failure(value: string): StatusError {
  try {
    parseResourceVersion(value);
  } catch (err) {
    expect(err).toBeInstanceOf(StatusError);
    return err as StatusError;
  }
  return expect.fail(`expected ${value} to be refused`);
}

describe('parseResourceVersion', () => {
  it('reads "", "0" and absent as 0 and decimal strings as their value', () => {
    expect(parseResourceVersion(undefined)).toBe(0);
    expect(parseResourceVersion('')).toBe(0);
    expect(parseResourceVersion('0')).toBe(0);
    expect(parseResourceVersion('42')).toBe(42);
  });

  it('refuses a non-integer with the 400 BadRequest message of kube-apiserver', () => {
    const err = failure('abc');
    expect(err.status).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(err.message).toBe(
      'invalid resource version: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    );
    expect(failure('-1').message).toContain('invalid syntax');
    expect(failure('1.5').message).toContain('invalid syntax');
  });

  it('refuses a value beyond uint64 as out of range', () => {
    expect(failure('18446744073709551616').message).toContain('value out of range');
  });
});
