import { isStatusError, makeApiRequest } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { countingTokenAuthenticator, requestWithBearerToken } from './testing/index.js';
import { bearerAuthenticator, bearerToken, tokenAuthenticatorFn, unionTokenAuthenticators } from './token.js';

const alice = { name: 'alice', groups: [] };

describe('bearerToken', () => {
  it('reads the token of an Authorization: Bearer header, scheme case-insensitive', () => {
    expect(bearerToken(makeApiRequest({ headers: { authorization: 'Bearer abc.def' } }))).toBe('abc.def');
    expect(bearerToken(makeApiRequest({ headers: { authorization: '  bEaReR abc  ' } }))).toBe('abc');
  });

  it("has no opinion on other schemes and malformed Bearer headers, as kube's bearertoken", () => {
    expect(bearerToken(makeApiRequest({ headers: { authorization: 'Basic YWxpY2U6cHc=' } }))).toBeNull();
    expect(bearerToken(makeApiRequest({ headers: { authorization: 'Bearer  abc' } }))).toBeNull();
    expect(bearerToken(makeApiRequest({ headers: { authorization: 'Bearer' } }))).toBeNull();
    expect(bearerToken(makeApiRequest({ headers: { authorization: 'Bearer a b' } }))).toBe('a');
  });

  it('reads the base64url WebSocket subprotocol form', () => {
    const encoded = Buffer.from('ws-token').toString('base64url');
    const req = makeApiRequest({ headers: { 'sec-websocket-protocol': `v4.channel.k8s.io, base64url.bearer.authorization.k8s.io.${encoded}` } });
    expect(bearerToken(req)).toBe('ws-token');
  });

  it('never reads a token from the query string', () => {
    expect(bearerToken(makeApiRequest({ path: '/api?access_token=abc&token=abc' }))).toBeNull();
  });
});

describe('bearerAuthenticator', () => {
  it('has no opinion on a request without a token', async () => {
    expect(await bearerAuthenticator(countingTokenAuthenticator({})).authenticate(makeApiRequest())).toBeNull();
  });

  it('answers 401 for a token nobody recognizes, including a 10 KB garbage token', async () => {
    const authn = bearerAuthenticator(countingTokenAuthenticator({ good: alice }));
    for (const token of ['bad', 'x'.repeat(10_240)]) {
      const err = await authn.authenticate(requestWithBearerToken(token)).catch((e: unknown) => e);
      expect(isStatusError(err) && err.status).toMatchObject({ code: 401, reason: 'Unauthorized', message: 'Unauthorized' });
    }
    expect((await authn.authenticate(requestWithBearerToken('good')))?.user.name).toBe('alice');
  });

  it('passes the API audiences and the request signal to the token authenticator', async () => {
    const inner = countingTokenAuthenticator({ good: alice });
    const req = requestWithBearerToken('good');
    await bearerAuthenticator(inner, { audiences: ['api'] }).authenticate(req);
    expect(inner.contexts[0]).toEqual({ audiences: ['api'], signal: req.signal });
  });
});

describe('unionTokenAuthenticators', () => {
  it('answers with the first authenticator that recognizes the token', async () => {
    const first = countingTokenAuthenticator({ a: { name: 'from-first', groups: [] } });
    const second = countingTokenAuthenticator({ a: { name: 'from-second', groups: [] }, b: { name: 'b', groups: [] } });
    const union = unionTokenAuthenticators(first, second);
    expect((await union.authenticateToken('a', {}))?.user.name).toBe('from-first');
    expect((await union.authenticateToken('b', {}))?.user.name).toBe('b');
    expect(await union.authenticateToken('c', {})).toBeNull();
    expect(second.calls).toBe(2);
  });

  it('stops at an authenticator that throws', async () => {
    const throwing = tokenAuthenticatorFn(async () => {
      throw new Error('boom');
    });
    const later = countingTokenAuthenticator({ a: alice });
    await expect(unionTokenAuthenticators(throwing, later).authenticateToken('a', {})).rejects.toThrow('boom');
    expect(later.calls).toBe(0);
  });

  it('is its element when it has one', () => {
    const only = countingTokenAuthenticator({});
    expect(unionTokenAuthenticators(only)).toBe(only);
  });
});
