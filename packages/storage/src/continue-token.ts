/**
 * List continue tokens in kube-apiserver's wire format (k8s.io/apiserver/pkg/storage
 * continue.go): unpadded base64url of `{"v":"meta.k8s.io/v1","rv":<revision>,"start":"<key>"}`,
 * where `start` is the next key relative to the list prefix. Clients treat tokens as opaque, but
 * keeping kube's shape lets every backend (memory, SQLite, etcd) read the others' tokens.
 *
 * @example
 * const token = encodeContinueToken('/pods/default/b\u0000', '/pods/', 17);
 * decodeContinueToken(token, '/pods/'); // { startKey: '/pods/default/b\u0000', revision: 17 }
 */
import { errors } from '@apiserver-kit/core';

const tokenVersion = 'meta.k8s.io/v1';
const invalid = 'continue key is not valid';

export interface ContinueToken {
  /** The absolute key the next page starts at (inclusive). */
  startKey: string;
  /** The snapshot revision of the first page; negative means "the latest" (an inconsistent continue). */
  revision: number;
}

/** The token for a page that continues at `startKey` (inclusive) of a list of `prefix` at `revision`. */
export function encodeContinueToken(startKey: string, prefix: string, revision: number): string {
  if (!startKey.startsWith(prefix) || startKey === prefix)
    throw new Error('unable to encode next field: the key and key prefix do not match');
  const json = JSON.stringify({ v: tokenVersion, rv: revision, start: startKey.slice(prefix.length) });
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** Reads a token for a list of `prefix`; a malformed token is a 400 BadRequest. */
export function decodeContinueToken(token: string, prefix: string): ContinueToken {
  const fail = (why: string): never => {
    throw errors.badRequest(`invalid continue token: ${why}`);
  };
  const bad = /[^A-Za-z0-9_-]/.exec(token);
  if (bad) fail(`${invalid}: illegal base64 data at input byte ${bad.index}`);
  if (token.length % 4 === 1) fail(`${invalid}: illegal base64 data at input byte ${token.length - 1}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (err) {
    fail(`${invalid}: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return fail(`${invalid}: json: cannot unmarshal ${jsonType(parsed)} into Go value of type continueToken`);
  const record = parsed as Record<string, unknown>;
  const v = field(record, 'v', 'string', fail) as string;
  const rv = field(record, 'rv', 'number', fail) as number;
  const start = field(record, 'start', 'string', fail) as string;
  if (v !== tokenVersion) return fail(`${invalid}: server does not recognize this encoded version ${v}`);
  if (!Number.isSafeInteger(rv)) return fail(`${invalid}: json: cannot unmarshal number ${rv} into Go struct field continueToken.rv of type int64`);
  if (rv === 0) return fail(`${invalid}: incorrect encoded start resourceVersion (version ${tokenVersion})`);
  if (start === '') return fail(`${invalid}: encoded start key empty (version ${tokenVersion})`);
  // Refuse keys that climb out of the prefix ("../x") or are not in canonical form.
  const rooted = start.startsWith('/') ? start : `/${start}`;
  if (cleanRootedPath(rooted) !== rooted) return fail(`${invalid}: ${start}`);
  return { startKey: prefix + rooted.slice(1), revision: rv };
}

function field(
  record: Record<string, unknown>,
  name: 'v' | 'rv' | 'start',
  type: 'string' | 'number',
  fail: (why: string) => never,
): unknown {
  const value = record[name];
  if (value === undefined || value === null) return type === 'string' ? '' : 0;
  if (typeof value !== type) {
    const goType = type === 'string' ? 'string' : 'int64';
    fail(`${invalid}: json: cannot unmarshal ${jsonType(value)} into Go struct field continueToken.${name} of type ${goType}`);
  }
  return value;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** Go's path.Clean for a path starting with "/". */
function cleanRootedPath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}`;
}
