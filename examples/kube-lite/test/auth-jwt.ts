/**
 * Hand-made JSON Web Tokens for hostile authentication tests: unsigned (`alg: none`), HMAC
 * signed with whatever secret an attacker has (e.g. the public verification key), RS256 with
 * any key and header, and real tokens with a rewritten payload but the original signature.
 * Built with node:crypto only, so nothing here can quietly "fix" a malformed token.
 *
 * @example
 * const forged = hs256Jwt({ alg: 'HS256', kid }, decodeJwt(real).payload, publicKeyPem);
 * const tampered = withPayload(real, { sub: 'system:serviceaccount:kube-system:admin' });
 */
import { type KeyObject, createHmac, sign } from 'node:crypto';

type Json = Record<string, unknown>;

export function b64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** The header and payload of a compact JWT (not verified) and its signature segment. */
export function decodeJwt(token: string): { header: Json; payload: Json; signature: string } {
  const [h, p, s] = token.split('.');
  if (h === undefined || p === undefined || s === undefined) throw new Error('not a compact JWT');
  const parse = (seg: string) => JSON.parse(Buffer.from(seg, 'base64url').toString('utf8')) as Json;
  return { header: parse(h), payload: parse(p), signature: s };
}

/** `header.payload.` with an empty signature, as `alg: none` tokens are. */
export function unsignedJwt(header: Json, payload: Json): string {
  return `${b64urlJson(header)}.${b64urlJson(payload)}.`;
}

export function hs256Jwt(header: Json, payload: Json, secret: string | Buffer): string {
  const input = `${b64urlJson(header)}.${b64urlJson(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

export function rs256Jwt(header: Json, payload: Json, privateKey: KeyObject): string {
  const input = `${b64urlJson(header)}.${b64urlJson(payload)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

/** The same token with `patch` merged into its payload; header and signature kept as they were. */
export function withPayload(token: string, patch: Json): string {
  const [h, , s] = token.split('.');
  return `${h}.${b64urlJson({ ...decodeJwt(token).payload, ...patch })}.${s}`;
}

/** The same token with `patch` merged into its header; payload and signature kept as they were. */
export function withHeader(token: string, patch: Json): string {
  const [, p, s] = token.split('.');
  return `${b64urlJson({ ...decodeJwt(token).header, ...patch })}.${p}.${s}`;
}
