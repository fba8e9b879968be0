/**
 * From verified ID token claims to a user, with kube-apiserver's `--oidc-*` rules: username
 * claim and prefix (default `<issuer>#` except for `email`, `-` for none), `email_verified`,
 * groups from a string or a list, and required claims.
 */
import { type UserInfo, errors } from '@apiserver-kit/core';

export interface OidcClaimMapping {
  issuerURL: string;
  /** --oidc-username-claim; default `sub`. */
  usernameClaim?: string;
  /** --oidc-username-prefix; unset: `<issuerURL>#` unless the claim is `email`; `-`: no prefix. */
  usernamePrefix?: string;
  /** --oidc-groups-claim: a string or a list of strings. */
  groupsClaim?: string;
  /** --oidc-groups-prefix. */
  groupsPrefix?: string;
  /** --oidc-required-claim: each claim must be present with exactly this string value. */
  requiredClaims?: Record<string, string>;
}

/** The prefix kube-apiserver applies to usernames for this mapping. */
export function effectiveUsernamePrefix(m: OidcClaimMapping): string {
  const claim = m.usernameClaim ?? 'sub';
  if (m.usernamePrefix === '-') return '';
  if (m.usernamePrefix) return m.usernamePrefix;
  return claim === 'email' ? '' : `${m.issuerURL}#`;
}

function fail(message: string): never {
  throw errors.unauthorized(`oidc: ${message}`);
}

function groupsOf(value: unknown, claim: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((g): g is string => typeof g === 'string')) return [...value];
  return fail(`parse groups claim "${claim}": must be a string or a list of strings`);
}

/** The user a verified ID token stands for; throws 401 when the claims do not fit the mapping. */
export function userFromClaims(claims: Record<string, unknown>, m: OidcClaimMapping): UserInfo {
  const usernameClaim = m.usernameClaim ?? 'sub';
  const username = claims[usernameClaim];
  if (typeof username !== 'string' || username === '') fail(`parse username claims "${usernameClaim}": claim not present or not a string`);

  if (usernameClaim === 'email' && 'email_verified' in claims) {
    // If email_verified is present it must be true (OpenID Connect Core, Standard Claims).
    const verified = claims.email_verified;
    if (typeof verified !== 'boolean') fail("parse 'email_verified' claim: not a boolean");
    if (!verified) fail('email not verified');
  }

  let groups: string[] = [];
  if (m.groupsClaim && claims[m.groupsClaim] !== undefined) groups = groupsOf(claims[m.groupsClaim], m.groupsClaim);
  if (m.groupsPrefix) groups = groups.map((g) => m.groupsPrefix + g);

  for (const [claim, want] of Object.entries(m.requiredClaims ?? {})) {
    if (!(claim in claims)) fail(`required claim ${claim} not present in ID token`);
    if (typeof claims[claim] !== 'string') fail(`parse claim ${claim}: not a string`);
    if (claims[claim] !== want) fail(`required claim ${claim} value does not match`);
  }

  return { name: effectiveUsernamePrefix(m) + username, groups };
}
