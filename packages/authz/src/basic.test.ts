import { type AuthorizationAttributes, authorizerFn, deny } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { alwaysAllow, alwaysDeny, privilegedGroups, union } from './basic.js';

const attrs = (groups: string[]): AuthorizationAttributes => ({
  user: { name: 'u', groups },
  verb: 'get',
  isResourceRequest: false,
  path: '/x',
  namespace: '',
  apiGroup: '',
  apiVersion: '',
  resource: '',
  subresource: '',
  name: '',
});

describe('built-in authorizers', () => {
  it('alwaysAllow allows without a reason', async () => {
    expect(await alwaysAllow().authorize(attrs([]))).toEqual({ decision: 'Allow', reason: '' });
  });

  it("alwaysDeny has no opinion, with kube's reason", async () => {
    expect(await alwaysDeny().authorize(attrs([]))).toEqual({ decision: 'NoOpinion', reason: 'Everything is forbidden.' });
  });

  it('privilegedGroups allows members of the groups only', async () => {
    const a = privilegedGroups('system:masters', 'admins');
    expect((await a.authorize(attrs(['x', 'admins']))).decision).toBe('Allow');
    expect(await a.authorize(attrs(['x']))).toEqual({ decision: 'NoOpinion', reason: '' });
  });

  it('union stops at the first Allow or Deny and passes unnamed reasons on as they are', async () => {
    const denier = authorizerFn(async () => deny('no'));
    expect(await union(privilegedGroups('admins'), denier, alwaysAllow()).authorize(attrs([]))).toEqual({ decision: 'Deny', reason: 'no' });
    expect(await union(alwaysDeny(), privilegedGroups('admins')).authorize(attrs([]))).toEqual({
      decision: 'NoOpinion',
      reason: 'Everything is forbidden.',
    });
    const single = alwaysDeny();
    expect(union(single)).toBe(single);
  });
});
