import { makeApiRequest, unionFailOnError } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { anonymousAuthenticator } from './anonymous.js';
import { requestWithBearerToken } from './testing/index.js';
import { bearerAuthenticator } from './token.js';
import { tokenFileAuthenticator } from './token-file.js';

describe('anonymousAuthenticator', () => {
  it('makes every request system:anonymous in system:unauthenticated', async () => {
    expect(await anonymousAuthenticator().authenticate(makeApiRequest({ path: '/api/v1/pods' }))).toEqual({
      user: { name: 'system:anonymous', groups: ['system:unauthenticated'] },
    });
  });

  it('with paths, is anonymous only for exactly those paths', async () => {
    const authn = anonymousAuthenticator({ paths: ['/livez'] });
    expect(await authn.authenticate(makeApiRequest({ path: '/livez?verbose' }))).not.toBeNull();
    expect(await authn.authenticate(makeApiRequest({ path: '/livez/etcd' }))).toBeNull();
    expect(await authn.authenticate(makeApiRequest({ path: '/api' }))).toBeNull();
  });

  it('never turns an invalid bearer token into an anonymous request when placed last', async () => {
    const authn = unionFailOnError(bearerAuthenticator(tokenFileAuthenticator({})), anonymousAuthenticator());
    await expect(authn.authenticate(requestWithBearerToken('wrong'))).rejects.toMatchObject({ status: { code: 401 } });
    expect((await authn.authenticate(makeApiRequest()))?.user.name).toBe('system:anonymous');
  });
});
