import { describe, expect, it } from 'vitest';
import { StatusError } from '@apiserver-kit/core';
import { decodeContinueToken, encodeContinueToken } from './continue-token.js';

const raw = (json: string): string => Buffer.from(json, 'utf8').toString('base64url');

function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).status).toMatchObject({ code: 400, reason: 'BadRequest' });
    return (err as StatusError).message;
  }
  return expect.fail('expected a 400 BadRequest');
}

describe('continue tokens', () => {
  it('encode kube-apiserver wire format: unpadded base64url JSON with the key relative to the prefix', () => {
    const token = encodeContinueToken('/pods/default/b\u0000', '/pods/', 17);
    expect(token).not.toContain('=');
    expect(Buffer.from(token, 'base64url').toString('utf8')).toBe('{"v":"meta.k8s.io/v1","rv":17,"start":"default/b\\u0000"}');
    expect(decodeContinueToken(token, '/pods/')).toEqual({ startKey: '/pods/default/b\u0000', revision: 17 });
  });

  it('decode a token written by kube-apiserver, including the inconsistent-continue revision -1', () => {
    expect(decodeContinueToken(raw('{"v":"meta.k8s.io/v1","rv":5,"start":"x\\u0000"}'), '/a/')).toEqual({ startKey: '/a/x\u0000', revision: 5 });
    expect(decodeContinueToken(raw('{"v":"meta.k8s.io/v1","rv":-1,"start":"x"}'), '/a/').revision).toBe(-1);
  });

  it('reject a zero revision, an empty start key and an unknown version with kube messages', () => {
    expect(badRequestMessage(() => decodeContinueToken(raw('{"v":"meta.k8s.io/v1","rv":0,"start":"x"}'), '/a/'))).toBe(
      'invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
    expect(badRequestMessage(() => decodeContinueToken(raw('{"v":"meta.k8s.io/v1","rv":3,"start":""}'), '/a/'))).toBe(
      'invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)',
    );
    expect(badRequestMessage(() => decodeContinueToken(raw('{"v":"v2","rv":3,"start":"x"}'), '/a/'))).toBe(
      'invalid continue token: continue key is not valid: server does not recognize this encoded version v2',
    );
  });

  it('reject a start key that climbs out of the list prefix', () => {
    const message = badRequestMessage(() => decodeContinueToken(raw('{"v":"meta.k8s.io/v1","rv":3,"start":"../secrets/x"}'), '/a/'));
    expect(message).toBe('invalid continue token: continue key is not valid: ../secrets/x');
  });

  it('reject text that is not base64url JSON of the right shape', () => {
    expect(badRequestMessage(() => decodeContinueToken('abc=', '/a/'))).toBe(
      'invalid continue token: continue key is not valid: illegal base64 data at input byte 3',
    );
    expect(badRequestMessage(() => decodeContinueToken(raw('not json'), '/a/'))).toMatch(/^invalid continue token: continue key is not valid: /);
    expect(badRequestMessage(() => decodeContinueToken(raw('{"v":"meta.k8s.io/v1","rv":"3","start":"x"}'), '/a/'))).toContain(
      'cannot unmarshal string into Go struct field continueToken.rv of type int64',
    );
    expect(badRequestMessage(() => decodeContinueToken(raw('[1]'), '/a/'))).toContain('cannot unmarshal array');
  });
});
