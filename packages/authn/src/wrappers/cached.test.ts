import { errors, isStatusError, type AuthenticationResult } from '@apiserver-kit/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countingTokenAuthenticator } from '../testing/index.js';
import { cachedTokenAuthenticator, jwsSignatureStart } from './cached.js';

const alice = { name: 'alice', groups: ['dev'], extra: { k: ['v'] } };

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('cachedTokenAuthenticator', () => {
  it('shares one verification among concurrent lookups of the same token', async () => {
    const gate = deferred<AuthenticationResult | null>();
    const inner = countingTokenAuthenticator({ tok: () => gate.promise });
    const cached = cachedTokenAuthenticator(inner);
    const pending = Array.from({ length: 5 }, () => cached.authenticateToken('tok', {}));
    gate.resolve({ user: alice });
    const results = await Promise.all(pending);
    expect(inner.calls).toBe(1);
    for (const r of results) expect(r?.user.name).toBe('alice');
  });

  it('shares a failing verification too: every waiter gets the 401', async () => {
    const gate = deferred<void>();
    const inner = countingTokenAuthenticator({
      bad: async () => {
        await gate.promise;
        throw errors.unauthorized();
      },
    });
    const cached = cachedTokenAuthenticator(inner);
    const pending = [1, 2, 3].map(() => cached.authenticateToken('bad', {}).catch((e: unknown) => e));
    gate.resolve();
    const outcomes = await Promise.all(pending);
    expect(inner.calls).toBe(1);
    for (const e of outcomes) expect(isStatusError(e) && e.status.code).toBe(401);
  });

  it('keeps a success for successTTL (default 10s) and verifies again after it expires', async () => {
    vi.useFakeTimers();
    const inner = countingTokenAuthenticator({ tok: alice });
    const cached = cachedTokenAuthenticator(inner);
    await cached.authenticateToken('tok', {});
    vi.advanceTimersByTime(9_999);
    await cached.authenticateToken('tok', {});
    expect(inner.calls).toBe(1);
    vi.advanceTimersByTime(2);
    expect((await cached.authenticateToken('tok', {}))?.user.name).toBe('alice');
    expect(inner.calls).toBe(2);
  });

  it('by default (failureTTL 0) does not keep "no opinion" answers or errors', async () => {
    const inner = countingTokenAuthenticator({
      bad: async () => {
        throw errors.unauthorized();
      },
    });
    const cached = cachedTokenAuthenticator(inner);
    expect(await cached.authenticateToken('unknown', {})).toBeNull();
    expect(await cached.authenticateToken('unknown', {})).toBeNull();
    await expect(cached.authenticateToken('bad', {})).rejects.toThrow('Unauthorized');
    await expect(cached.authenticateToken('bad', {})).rejects.toThrow('Unauthorized');
    expect(inner.calls).toBe(4);
    expect(cached.size).toBe(0);
  });

  it('keeps null answers and errors for failureTTL, errors only with cacheErrors', async () => {
    vi.useFakeTimers();
    const throwing = async () => {
      throw errors.unauthorized();
    };
    const inner = countingTokenAuthenticator({ bad: throwing });
    const cached = cachedTokenAuthenticator(inner, { failureTTL: 5_000 });
    expect(await cached.authenticateToken('unknown', {})).toBeNull();
    await expect(cached.authenticateToken('bad', {})).rejects.toThrow('Unauthorized');
    expect(await cached.authenticateToken('unknown', {})).toBeNull();
    await expect(cached.authenticateToken('bad', {})).rejects.toThrow('Unauthorized');
    expect(inner.calls).toBe(2);
    vi.advanceTimersByTime(5_001);
    expect(await cached.authenticateToken('unknown', {})).toBeNull();
    expect(inner.calls).toBe(3);

    const noErrors = countingTokenAuthenticator({ bad: throwing });
    const webhookLike = cachedTokenAuthenticator(noErrors, { failureTTL: 5_000, cacheErrors: false });
    await expect(webhookLike.authenticateToken('bad', {})).rejects.toThrow('Unauthorized');
    await expect(webhookLike.authenticateToken('bad', {})).rejects.toThrow('Unauthorized');
    expect(noErrors.calls).toBe(2);
  });

  it('keys entries by a hash of token and audiences: the token never appears among the keys', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.secret-token-material';
    const inner = countingTokenAuthenticator({ [token]: alice });
    const cached = cachedTokenAuthenticator(inner);
    await cached.authenticateToken(token, { audiences: ['api'] });
    await cached.authenticateToken(token, { audiences: ['other'] });
    await cached.authenticateToken(token, {});
    const keys = cached.keys();
    expect(keys).toHaveLength(3);
    expect(inner.calls).toBe(3);
    expect(inner.contexts.map((c) => c.audiences)).toEqual([['api'], ['other'], undefined]);
    const encodings = [token, Buffer.from(token).toString('base64'), Buffer.from(token).toString('hex'), 'secret-token'];
    for (const key of keys) for (const e of encodings) expect(key).not.toContain(e);
  });

  describe('a JWS, keyed by its signature and matched on its signing input', () => {
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const signature = 'S'.repeat(342);
    const header = b64({ alg: 'RS256', kid: 'k1' });
    const jws = (payload: object, sig = signature) => `${header}.${b64(payload)}.${sig}`;
    const real = jws({ sub: 'alice' });
    const forged = jws({ sub: 'system:admin' }); // the same signature on another payload

    it('hits only for the very same token: another payload under the same signature is verified anew', async () => {
      const inner = countingTokenAuthenticator({ [real]: alice });
      const cached = cachedTokenAuthenticator(inner, { failureTTL: 5_000 });
      expect((await cached.authenticateToken(real, {}))?.user.name).toBe('alice');
      expect(await cached.authenticateToken(forged, {})).toBeNull();
      expect(await cached.authenticateToken(jws({ sub: 'alice' }, 'T'.repeat(342)), {})).toBeNull();
      expect(inner.calls).toBe(3);
      // The forged token's cached refusal replaced alice's entry; alice is verified again, never confused.
      expect((await cached.authenticateToken(real, {}))?.user.name).toBe('alice');
      expect(await cached.authenticateToken(forged, {})).toBeNull();
      expect(inner.calls).toBe(5);
    });

    it('never shares a verification in flight with a token that only has the same signature', async () => {
      const gate = deferred<AuthenticationResult | null>();
      const inner = countingTokenAuthenticator({ [real]: () => gate.promise });
      const cached = cachedTokenAuthenticator(inner);
      const mine = cached.authenticateToken(real, {});
      const theirs = cached.authenticateToken(forged, {});
      gate.resolve({ user: alice });
      expect((await mine)?.user.name).toBe('alice');
      expect(await theirs).toBeNull();
      expect(inner.calls).toBe(2);
    });

    it('keeps neither the token nor its signature in the keys', async () => {
      const cached = cachedTokenAuthenticator(countingTokenAuthenticator({ [real]: alice }));
      await cached.authenticateToken(real, {});
      expect(cached.size).toBe(1);
      for (const key of cached.keys()) for (const e of [real, signature.slice(0, 16), Buffer.from(signature).toString('base64')]) expect(key).not.toContain(e);
    });

    it('treats only the JWS compact shape so: eyJ, exactly two dots, a signature of 43+ characters', () => {
      expect(jwsSignatureStart(real)).toBe(real.length - 342);
      expect(jwsSignatureStart(`${header}.e30.${'s'.repeat(43)}`)).toBe(header.length + 5);
      expect(jwsSignatureStart(`${header}.e30.${'s'.repeat(42)}`)).toBe(-1); // too short to be a signature
      expect(jwsSignatureStart(`${header}.e30.x.${'s'.repeat(43)}`)).toBe(-1); // JWE or other: four or more parts
      expect(jwsSignatureStart(`abc.${'s'.repeat(50)}.${'s'.repeat(50)}`)).toBe(-1); // not a JSON header
      expect(jwsSignatureStart('abcdef.0123456789abcdef')).toBe(-1); // a bootstrap token: opaque, hashed whole
    });
  });

  it('does not confuse audience lists that concatenate to the same text', async () => {
    const inner = countingTokenAuthenticator({ t: alice });
    const cached = cachedTokenAuthenticator(inner);
    await cached.authenticateToken('t', { audiences: ['ab', 'c'] });
    await cached.authenticateToken('t', { audiences: ['a', 'bc'] });
    expect(inner.calls).toBe(2);
  });

  it('hands out frozen answers: a caller cannot change the cached user', async () => {
    const cached = cachedTokenAuthenticator(countingTokenAuthenticator({ tok: alice }));
    const first = await cached.authenticateToken('tok', {});
    expect(() => first!.user.groups.push('system:masters')).toThrow(TypeError);
    expect(() => first!.user.extra!.k!.push('x')).toThrow(TypeError);
    expect(() => {
      first!.user.name = 'mallory';
    }).toThrow(TypeError);
    expect((await cached.authenticateToken('tok', {}))?.user).toEqual(alice);
  });

  it('lets a caller whose signal aborts stop waiting while the shared verification continues', async () => {
    const gate = deferred<AuthenticationResult | null>();
    const inner = countingTokenAuthenticator({ tok: () => gate.promise });
    const cached = cachedTokenAuthenticator(inner);
    const controller = new AbortController();
    const impatient = cached.authenticateToken('tok', { signal: controller.signal });
    const patient = cached.authenticateToken('tok', {});
    controller.abort(new Error('client went away'));
    await expect(impatient).rejects.toThrow('client went away');
    gate.resolve({ user: alice });
    expect((await patient)?.user.name).toBe('alice');
    expect(inner.calls).toBe(1);
  });

  it('fails a verification that hangs past lookupTimeout with 401, and does not cache it', async () => {
    vi.useFakeTimers();
    const inner = countingTokenAuthenticator({ slow: () => new Promise<never>(() => {}) });
    const cached = cachedTokenAuthenticator(inner, { lookupTimeout: 1_000, failureTTL: 0 });
    const assertion = expect(cached.authenticateToken('slow', {})).rejects.toMatchObject({ status: { code: 401 } });
    await vi.advanceTimersByTimeAsync(1_000);
    await assertion;
    expect(inner.contexts[0]?.signal?.aborted).toBe(true);
    const again = expect(cached.authenticateToken('slow', {})).rejects.toMatchObject({ status: { code: 401 } });
    await vi.advanceTimersByTimeAsync(1_000);
    await again;
    expect(inner.calls).toBe(2);
  });

  it('holds at most max entries', async () => {
    const cached = cachedTokenAuthenticator(countingTokenAuthenticator({ a: alice, b: alice, c: alice }), { max: 2 });
    for (const t of ['a', 'b', 'c']) await cached.authenticateToken(t, {});
    expect(cached.size).toBe(2);
    cached.clear();
    expect(cached.size).toBe(0);
  });
});
