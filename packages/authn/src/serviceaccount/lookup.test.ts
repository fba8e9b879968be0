import { generateKeyPairSync } from 'node:crypto';
import { errors, isStatusError } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { serviceAccountTokenAuthenticator } from './authenticator.js';
import { createServiceAccountIssuer, type ServiceAccountTokenRequest } from './issuer.js';
import type { ServiceAccountLookupObject, ServiceAccountLookup } from './lookup.js';

const ISS = 'https://kubernetes.default.svc';
const T0 = Date.parse('2025-01-01T00:00:00Z');
const now = () => new Date(T0 + 5_000);
const ago = (s: number) => new Date(T0 + 5_000 - s * 1000).toISOString();

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const issuer = createServiceAccountIssuer({ issuer: ISS, signingKey: privateKey, now: () => new Date(T0) });
const request: ServiceAccountTokenRequest = { namespace: 'ci', serviceAccount: { name: 'builder', uid: 'sa-1' }, audiences: [ISS] };

type Objects = Record<string, ServiceAccountLookupObject | undefined>;

function lookupOf(objects: Objects, partial = false): ServiceAccountLookup {
  const get = (key: string) => Promise.resolve(objects[key] ?? null);
  const lookup: ServiceAccountLookup = { getServiceAccount: (ns, name) => get(`sa/${ns}/${name}`) };
  if (partial) return lookup;
  return {
    ...lookup,
    getPod: (ns, name) => get(`pod/${ns}/${name}`),
    getSecret: (ns, name) => get(`secret/${ns}/${name}`),
    getNode: (name) => get(`node/${name}`),
  };
}

async function check(objects: Objects, req: Partial<ServiceAccountTokenRequest> = {}, partial = false): Promise<string> {
  const { token } = await issuer.issue({ ...request, ...req });
  const a = serviceAccountTokenAuthenticator({ issuers: [ISS], keys: [publicKey], now, lookup: lookupOf(objects, partial) });
  try {
    const result = await a.authenticateToken(token, { audiences: [ISS] });
    return result ? `ok ${result.user.name}` : 'null';
  } catch (err) {
    if (isStatusError(err)) return `${err.httpCode} ${err.message}`;
    throw err;
  }
}

const sa = { 'sa/ci/builder': { uid: 'sa-1' } };

describe('service account lookup', () => {
  it('accepts a token whose service account is alive with the same uid', async () => {
    expect(await check(sa)).toBe('ok system:serviceaccount:ci:builder');
  });

  it('rejects the token of a deleted service account', async () => {
    expect(await check({})).toBe('401 serviceaccounts "builder" not found');
  });

  it('rejects the token of a re-created service account (same name, new uid)', async () => {
    expect(await check({ 'sa/ci/builder': { uid: 'sa-2' } })).toBe('401 service account UID (sa-2) does not match claim (sa-1)');
  });

  it('rejects once the service account has been deleting for longer than the 60s leeway', async () => {
    expect(await check({ 'sa/ci/builder': { uid: 'sa-1', deletionTimestamp: ago(30) } })).toMatch(/^ok/);
    expect(await check({ 'sa/ci/builder': { uid: 'sa-1', deletionTimestamp: ago(61) } })).toBe(
      '401 service account ci/builder has been deleted',
    );
  });

  it('requires the bound pod to exist with the same uid and not be deleting', async () => {
    const pod = { pod: { name: 'p', uid: 'pod-1' } };
    expect(await check({ ...sa, 'pod/ci/p': { uid: 'pod-1' } }, pod)).toMatch(/^ok/);
    expect(await check(sa, pod)).toBe('401 service account token has been invalidated');
    expect(await check({ ...sa, 'pod/ci/p': { uid: 'pod-2' } }, pod)).toBe(
      '401 pod UID (pod-2) does not match service account pod ref claim (pod-1)',
    );
    expect(await check({ ...sa, 'pod/ci/p': { uid: 'pod-1', deletionTimestamp: new Date(T0 - 120_000) } }, pod)).toBe(
      '401 service account token has been invalidated',
    );
  });

  it('requires the bound secret and the bound node to exist with the same uid', async () => {
    const secret = { secret: { name: 's', uid: 'sec-1' } };
    expect(await check({ ...sa, 'secret/ci/s': { uid: 'sec-1' } }, secret)).toMatch(/^ok/);
    expect(await check(sa, secret)).toBe('401 service account token has been invalidated');
    const node = { node: { name: 'n1', uid: 'node-1' } };
    expect(await check({ ...sa, 'node/n1': { uid: 'node-1' } }, node)).toMatch(/^ok/);
    expect(await check({ ...sa, 'node/n1': { uid: 'node-9' } }, node)).toBe(
      '401 node UID (node-9) does not match service account node ref claim (node-1)',
    );
  });

  it('skips the binding checks whose getter the lookup does not provide', async () => {
    expect(await check(sa, { pod: { name: 'gone', uid: 'x' } }, true)).toMatch(/^ok/);
  });

  it('turns a failing lookup into a 401 and a NotFound StatusError into "not found"', async () => {
    const { token } = await issuer.issue(request);
    const failing = serviceAccountTokenAuthenticator({
      issuers: [ISS],
      keys: [publicKey],
      now,
      lookup: { getServiceAccount: () => Promise.reject(new Error('etcd down: secret details')) },
    });
    await expect(failing.authenticateToken(token, {})).rejects.toMatchObject({
      code: 'Unauthorized',
      message: 'service account ci/builder could not be retrieved',
    });
    const notFound = serviceAccountTokenAuthenticator({
      issuers: [ISS],
      keys: [publicKey],
      now,
      lookup: { getServiceAccount: () => Promise.reject(errors.notFound({ group: '', resource: 'serviceaccounts' }, 'builder')) },
    });
    await expect(notFound.authenticateToken(token, {})).rejects.toMatchObject({ message: 'serviceaccounts "builder" not found' });
  });
});
