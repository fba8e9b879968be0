import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isStatusError } from '@apiserver-kit/core';
import { afterAll, describe, expect, it } from 'vitest';
import { requestWithBearerToken } from './testing/index.js';
import { bearerAuthenticator } from './token.js';
import { TokenFileError, loadTokenFile, parseTokenFile, tokenFileAuthenticator } from './token-file.js';

describe('parseTokenFile', () => {
  it('reads token, user, uid and a quoted comma-separated group list', () => {
    const file = parseTokenFile('s3cret,alice,uid-1,"system:masters,dev"\nother,bob,uid-2\n', 'tokens.csv');
    expect(file.tokens.get('s3cret')).toEqual({ name: 'alice', uid: 'uid-1', groups: ['system:masters', 'dev'] });
    expect(file.tokens.get('other')).toEqual({ name: 'bob', uid: 'uid-2', groups: [] });
    expect(file.warnings).toEqual([]);
  });

  it('skips empty lines, accepts CRLF, ignores columns after the fourth and omits an empty uid', () => {
    const file = parseTokenFile('\r\na,alice,,g1,ignored,also-ignored\r\n\r\nb,bob,2\r\n');
    expect(file.tokens.get('a')).toEqual({ name: 'alice', groups: ['g1'] });
    expect(file.tokens.get('b')).toEqual({ name: 'bob', uid: '2', groups: [] });
  });

  it('unquotes doubled quotes and keeps newlines inside quoted fields', () => {
    const file = parseTokenFile('t,"say ""hi""","multi\nline",g\nu,carol,3\n');
    expect(file.tokens.get('t')).toEqual({ name: 'say "hi"', uid: 'multi\nline', groups: ['g'] });
    expect(file.tokens.get('u')?.name).toBe('carol');
  });

  it('splits the groups column on commas exactly as kube does (no trimming)', () => {
    expect(parseTokenFile('t,alice,1," a,b "').tokens.get('t')?.groups).toEqual([' a', 'b ']);
  });

  it('names the file and line of a record with fewer than three columns', () => {
    expect(() => parseTokenFile('a,alice,1\n\nb,bob\n', '/etc/tokens.csv')).toThrow(
      'token file "/etc/tokens.csv" line 3: must have at least 3 columns (token, user name, user uid), found 2',
    );
  });

  it('rejects a bare quote in an unquoted field and a broken quoted field, naming the line', () => {
    expect(() => parseTokenFile('a,ali"ce,1')).toThrow('line 1: bare " in non-quoted-field');
    expect(() => parseTokenFile('a,b,c\nt,"alice"x,1')).toThrow('line 2: extraneous or missing " in quoted-field');
    expect(() => parseTokenFile('a,b,c\n\nt,"alice,1\n')).toThrow(TokenFileError);
  });

  it('never puts a token into an error or warning message', () => {
    const secret = 'super-secret-token-value';
    let message = '';
    try {
      parseTokenFile(`${secret},alice`);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('line 1');
    expect(message).not.toContain(secret);
    const dup = parseTokenFile(`${secret},a,1\n${secret},b,2\n`);
    expect(dup.warnings.join('\n')).not.toContain(secret);
  });

  it('warns about a duplicate token and lets the later line win', () => {
    const file = parseTokenFile('t,alice,1\nt,bob,2\n', 'x.csv');
    expect(file.tokens.get('t')?.name).toBe('bob');
    expect(file.warnings).toEqual(['token file "x.csv" line 2: duplicate token, this line wins']);
  });

  it('skips an empty token with a warning', () => {
    const file = parseTokenFile(',alice,1\n', 'x.csv');
    expect(file.tokens.size).toBe(0);
    expect(file.warnings).toEqual(['token file "x.csv" line 1: empty token, line skipped']);
  });
});

describe('loadTokenFile', () => {
  const dirs: string[] = [];
  afterAll(async () => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it('reads a file and names its path in errors', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'authn-tokens-'));
    dirs.push(dir);
    const good = join(dir, 'good.csv');
    const bad = join(dir, 'bad.csv');
    await writeFile(good, 't1,alice,1,admins\n');
    await writeFile(bad, 't1\n');
    expect((await loadTokenFile(good)).tokens.get('t1')?.groups).toEqual(['admins']);
    await expect(loadTokenFile(bad)).rejects.toThrow(`token file "${bad}" line 1`);
  });
});

describe('tokenFileAuthenticator', () => {
  const file = parseTokenFile('s3cret,alice,uid-1,"system:masters,dev"\n');

  it('answers the user for a known token and null for an unknown one', async () => {
    const tokens = tokenFileAuthenticator(file);
    expect(await tokens.authenticateToken('s3cret', {})).toEqual({ user: { name: 'alice', uid: 'uid-1', groups: ['system:masters', 'dev'] } });
    expect(await tokens.authenticateToken('S3CRET', {})).toBeNull();
    expect(await tokens.authenticateToken('s3cret ', {})).toBeNull();
  });

  it('has no opinion on a 10 KB garbage token', async () => {
    expect(await tokenFileAuthenticator(file).authenticateToken('x'.repeat(10_240), {})).toBeNull();
  });

  it('does not let a caller mutate the stored user through an answer', async () => {
    const tokens = tokenFileAuthenticator(file);
    const first = await tokens.authenticateToken('s3cret', {});
    first!.user.groups.push('system:masters-2');
    expect((await tokens.authenticateToken('s3cret', {}))!.user.groups).toEqual(['system:masters', 'dev']);
  });

  it('accepts a plain record of token to user', async () => {
    const tokens = tokenFileAuthenticator({ abc: { name: 'bob', groups: [] } });
    expect((await tokens.authenticateToken('abc', {}))?.user.name).toBe('bob');
    expect(await tokens.authenticateToken('toString', {})).toBeNull();
  });

  it('behind bearerAuthenticator: 401 for the garbage token, the user for a good one', async () => {
    const authn = bearerAuthenticator(tokenFileAuthenticator(file));
    const err = await authn.authenticate(requestWithBearerToken('x'.repeat(10_240))).catch((e: unknown) => e);
    expect(isStatusError(err) && err.status.code).toBe(401);
    expect((await authn.authenticate(requestWithBearerToken('s3cret')))?.user.name).toBe('alice');
  });
});
