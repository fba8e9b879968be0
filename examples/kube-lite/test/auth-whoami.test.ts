/**
 * Who kube-lite says you are, through the real kubectl (`kubectl auth whoami`, the
 * SelfSubjectReview API) and through TokenReview: the admin's client certificate, a static
 * token, a service-account token from `kubectl create token`, and impersonation.
 */
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthCluster, startAuthCluster } from './auth-cluster.js';

/** What `kubectl auth whoami` prints: a two-column table padded as kubectl's tabwriter pads it. */
function whoamiTable(rows: Array<[string, string]>): string {
  const all: Array<[string, string]> = [['ATTRIBUTE', 'VALUE'], ...rows];
  const width = Math.max(...all.map(([k]) => k.length)) + 3;
  return all.map(([k, v]) => `${k.padEnd(width)}${v}\n`).join('');
}

const apiAudience = 'https://kubernetes.default.svc.cluster.local';
let c: AuthCluster;
let robotUid: string;
let robotToken: string;

beforeAll(async () => {
  c = await startAuthCluster((dir) => [`--token-auth-file=${dir}/tokens.csv`], {
    files: { 'tokens.csv': 'tok1,alice,uid-1,"devs,ops"\n' },
  });
  const sa = await c.kubectl(['create', 'sa', 'robot']);
  expect(sa.stdout, sa.stderr).toBe('serviceaccount/robot created\n');
  const uid = await c.kubectl(['get', 'sa', 'robot', '-o', 'jsonpath={.metadata.uid}']);
  robotUid = uid.stdout;
  const token = await c.kubectl(['create', 'token', 'robot']);
  expect(token.code, token.stderr).toBe(0);
  robotToken = token.stdout.trim();
});
afterAll(async () => {
  await c?.stop();
});

describe('kubectl auth whoami', () => {
  it('shows the admin client certificate user with its groups and certificate fingerprint', async () => {
    const fingerprint = new X509Certificate(c.admin.certPem).fingerprint256.replaceAll(':', '').toLowerCase();
    const r = await c.kubectl(['auth', 'whoami']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      whoamiTable([
        ['Username', 'kubernetes-admin'],
        ['Groups', '[system:masters system:authenticated]'],
        ['Extra: authentication.kubernetes.io/credential-id', `[X509SHA256=${fingerprint}]`],
      ]),
    );
  });

  it('shows a token-file user with uid and groups from the CSV row', async () => {
    const r = await c.kubectl(['auth', 'whoami'], { token: 'tok1' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      whoamiTable([
        ['Username', 'alice'],
        ['UID', 'uid-1'],
        ['Groups', '[devs ops system:authenticated]'],
      ]),
    );
  });

  it('shows the service account of a token from kubectl create token', async () => {
    const jti = JSON.parse(Buffer.from(robotToken.split('.')[1]!, 'base64url').toString()) as { jti: string };
    const r = await c.kubectl(['auth', 'whoami'], { token: robotToken });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      whoamiTable([
        ['Username', 'system:serviceaccount:default:robot'],
        ['UID', robotUid],
        ['Groups', '[system:serviceaccounts system:serviceaccounts:default system:authenticated]'],
        ['Extra: authentication.kubernetes.io/credential-id', `[JTI=${jti.jti}]`],
      ]),
    );
  });

  it('shows the impersonated user and groups with --as and --as-group', async () => {
    const r = await c.kubectl(['--as=jane', '--as-group=devs', 'auth', 'whoami']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      whoamiTable([
        ['Username', 'jane'],
        ['Groups', '[devs system:authenticated]'],
      ]),
    );
  });

  it('rejects an unknown static token with kubectl\'s Unauthorized error', async () => {
    const r = await c.kubectl(['auth', 'whoami'], { token: 'tok2' });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('error: You must be logged in to the server (Unauthorized)\n');
  });
});

describe('TokenReview', () => {
  const review = (spec: Record<string, unknown>) =>
    c.request('POST', '/apis/authentication.k8s.io/v1/tokenreviews', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec },
    });

  it('authenticates a service-account token and returns its user and audiences', async () => {
    const r = await review({ token: robotToken });
    expect(r.status, r.body).toBe(201);
    const body = r.json();
    expect(body).toMatchObject({ kind: 'TokenReview', apiVersion: 'authentication.k8s.io/v1' });
    expect(body.status).toEqual({
      authenticated: true,
      user: {
        username: 'system:serviceaccount:default:robot',
        uid: robotUid,
        groups: ['system:serviceaccounts', 'system:serviceaccounts:default'],
        extra: { 'authentication.kubernetes.io/credential-id': [expect.stringMatching(/^JTI=[0-9a-f-]{36}$/)] },
      },
      audiences: [apiAudience],
    });
  });

  it('authenticates a token-file token', async () => {
    const r = await review({ token: 'tok1' });
    expect(r.status, r.body).toBe(201);
    expect(r.json().status).toMatchObject({ authenticated: true, user: { username: 'alice', uid: 'uid-1', groups: ['devs', 'ops'] } });
  });

  it('does not authenticate a garbage token', async () => {
    const r = await review({ token: 'garbage.not-a.token' });
    expect(r.status, r.body).toBe(201);
    const status = r.json().status as { authenticated?: boolean; user?: unknown };
    expect(status.authenticated ?? false).toBe(false);
    expect(status.user).toEqual({});
  });

  it('does not authenticate a service-account token for an audience it was not issued for', async () => {
    const r = await review({ token: robotToken, audiences: ['https://other.example'] });
    expect(r.status, r.body).toBe(201);
    const status = r.json().status as { authenticated?: boolean; user?: unknown };
    expect(status.authenticated ?? false).toBe(false);
    expect(status.user).toEqual({});
  });
});
