import { authenticatorFn, makeApiRequest, type UserInfo } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { withAuthenticatedGroup } from './groups.js';

function answering(user: UserInfo | null) {
  return withAuthenticatedGroup(authenticatorFn(async () => (user ? { user } : null), 'inner'));
}

describe('withAuthenticatedGroup', () => {
  it('adds system:authenticated to an authenticated user without mutating the inner result', async () => {
    const user = { name: 'alice', groups: ['dev'] };
    expect((await answering(user).authenticate(makeApiRequest()))?.user.groups).toEqual(['dev', 'system:authenticated']);
    expect(user.groups).toEqual(['dev']);
  });

  it('leaves system:anonymous alone', async () => {
    const r = await answering({ name: 'system:anonymous', groups: ['system:unauthenticated'] }).authenticate(makeApiRequest());
    expect(r?.user.groups).toEqual(['system:unauthenticated']);
  });

  it('does not add the group twice, nor to a user already in system:unauthenticated', async () => {
    expect((await answering({ name: 'a', groups: ['system:authenticated'] }).authenticate(makeApiRequest()))?.user.groups).toEqual([
      'system:authenticated',
    ]);
    expect((await answering({ name: 'b', groups: ['system:unauthenticated'] }).authenticate(makeApiRequest()))?.user.groups).toEqual([
      'system:unauthenticated',
    ]);
  });

  it('passes "no opinion" through and keeps the inner name', async () => {
    const authn = answering(null);
    expect(await authn.authenticate(makeApiRequest())).toBeNull();
    expect(authn.name).toBe('inner');
  });
});
