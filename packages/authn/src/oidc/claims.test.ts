import { describe, expect, it } from 'vitest';
import { effectiveUsernamePrefix, userFromClaims } from './claims.js';

const issuerURL = 'https://dex.example.com';

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return `${(err as { httpCode?: number }).httpCode} ${(err as Error).message}`;
  }
  return 'no error';
}

describe('username prefix', () => {
  it('defaults to "<issuer>#" for claims other than email, none for email, and "-" disables it', () => {
    expect(effectiveUsernamePrefix({ issuerURL })).toBe('https://dex.example.com#');
    expect(effectiveUsernamePrefix({ issuerURL, usernameClaim: 'email' })).toBe('');
    expect(effectiveUsernamePrefix({ issuerURL, usernamePrefix: '-' })).toBe('');
    expect(effectiveUsernamePrefix({ issuerURL, usernameClaim: 'email', usernamePrefix: 'oidc:' })).toBe('oidc:');
  });
});

describe('userFromClaims', () => {
  it('maps sub with the issuer prefix and no groups by default', () => {
    expect(userFromClaims({ sub: 'jane', groups: ['a'] }, { issuerURL })).toEqual({ name: 'https://dex.example.com#jane', groups: [] });
  });

  it('reads groups from a list or a single string and prefixes them', () => {
    const m = { issuerURL, usernamePrefix: '-', groupsClaim: 'groups', groupsPrefix: 'oidc:' };
    expect(userFromClaims({ sub: 'jane', groups: ['dev', 'ops'] }, m).groups).toEqual(['oidc:dev', 'oidc:ops']);
    expect(userFromClaims({ sub: 'jane', groups: 'admin' }, m).groups).toEqual(['oidc:admin']);
    expect(userFromClaims({ sub: 'jane' }, m).groups).toEqual([]);
    expect(failure(() => userFromClaims({ sub: 'jane', groups: [1, 2] }, m))).toBe(
      '401 oidc: parse groups claim "groups": must be a string or a list of strings',
    );
  });

  it('requires email_verified to be true when the email claim is used and email_verified is present', () => {
    const m = { issuerURL, usernameClaim: 'email' };
    expect(userFromClaims({ email: 'jane@example.com' }, m).name).toBe('jane@example.com');
    expect(userFromClaims({ email: 'jane@example.com', email_verified: true }, m).name).toBe('jane@example.com');
    expect(failure(() => userFromClaims({ email: 'jane@example.com', email_verified: false }, m))).toBe('401 oidc: email not verified');
    expect(failure(() => userFromClaims({ email: 'jane@example.com', email_verified: 'true' }, m))).toBe(
      "401 oidc: parse 'email_verified' claim: not a boolean",
    );
  });

  it('rejects a missing, empty or non-string username claim', () => {
    expect(failure(() => userFromClaims({}, { issuerURL }))).toMatch(/^401 oidc: parse username claims "sub"/);
    expect(failure(() => userFromClaims({ sub: '' }, { issuerURL }))).toMatch(/^401/);
    expect(failure(() => userFromClaims({ sub: 42 }, { issuerURL }))).toMatch(/^401/);
  });

  it('requires every required claim with exactly the configured string value', () => {
    const m = { issuerURL, requiredClaims: { hd: 'example.com' } };
    expect(userFromClaims({ sub: 'jane', hd: 'example.com' }, m).name).toBe('https://dex.example.com#jane');
    expect(failure(() => userFromClaims({ sub: 'jane' }, m))).toBe('401 oidc: required claim hd not present in ID token');
    expect(failure(() => userFromClaims({ sub: 'jane', hd: 'evil.com' }, m))).toBe('401 oidc: required claim hd value does not match');
    expect(failure(() => userFromClaims({ sub: 'jane', hd: ['example.com'] }, m))).toBe('401 oidc: parse claim hd: not a string');
  });
});
