import { authenticatorFn, makeApiRequest, type AuthenticationResult } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { audiencesAreAcceptable, withAudiences } from './audiences.js';

const user = { name: 'alice', groups: [] };

function answering(result: AuthenticationResult | null) {
  return authenticatorFn(async () => result);
}

describe('withAudiences', () => {
  it('passes a result whose audiences intersect the API audiences', async () => {
    const authn = withAudiences(answering({ user, audiences: ['other', 'api'] }), ['api']);
    expect((await authn.authenticate(makeApiRequest()))?.user.name).toBe('alice');
  });

  it('answers 401 for a result valid only for other audiences', async () => {
    const authn = withAudiences(answering({ user, audiences: ['vault'] }), ['api', 'https://kubernetes.default.svc']);
    await expect(authn.authenticate(makeApiRequest())).rejects.toMatchObject({
      status: { code: 401, reason: 'Unauthorized', message: 'Unauthorized' },
    });
  });

  it('passes results without audiences (implicit audience) and "no opinion"', async () => {
    expect(await withAudiences(answering({ user }), ['api']).authenticate(makeApiRequest())).toEqual({ user });
    expect(await withAudiences(answering({ user, audiences: [] }), ['api']).authenticate(makeApiRequest())).not.toBeNull();
    expect(await withAudiences(answering(null), ['api']).authenticate(makeApiRequest())).toBeNull();
  });

  it('is the authenticator itself when there are no API audiences', () => {
    const inner = answering({ user, audiences: ['anything'] });
    expect(withAudiences(inner, [])).toBe(inner);
    expect(audiencesAreAcceptable([], ['x'])).toBe(true);
  });
});
