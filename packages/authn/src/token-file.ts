/**
 * Static tokens (kube-apiserver's `--token-auth-file`): a CSV file of
 * `token,user,uid[,"group1,group2"]`, read with the rules of Go's encoding/csv as kube does:
 * empty lines are skipped, quoted fields may hold commas, newlines and doubled quotes, a bare
 * quote in an unquoted field is an error, columns after the fourth are ignored, a line with
 * fewer than three columns is an error, an empty token is skipped with a warning, and a
 * duplicate token warns and the later line wins. Errors and warnings name the line, never
 * the token.
 *
 * @example
 * const file = await loadTokenFile('/etc/kubernetes/tokens.csv');
 * for (const w of file.warnings) console.warn(w);
 * const authn = bearerAuthenticator(tokenFileAuthenticator(file));
 */
import { readFile } from 'node:fs/promises';
import type { UserInfo } from '@apiserver-kit/core';
import type { TokenAuthenticator } from './token.js';

export interface TokenFile {
  fileName: string;
  tokens: ReadonlyMap<string, UserInfo>;
  /** Empty and duplicate tokens, one message per line. */
  warnings: string[];
}

/** A token file that cannot be read; `line` is 1-based. */
export class TokenFileError extends Error {
  readonly fileName: string;
  readonly line: number;
  constructor(fileName: string, line: number, message: string) {
    super(`token file "${fileName}" line ${line}: ${message}`);
    this.name = 'TokenFileError';
    this.fileName = fileName;
    this.line = line;
  }
}

interface CsvRecord {
  line: number;
  fields: string[];
}

/** Go encoding/csv with default options (comma separator, no comments, strict quotes). */
function parseCsv(input: string, fail: (line: number, message: string) => never): CsvRecord[] {
  const text = input.replace(/\r\n/g, '\n');
  const n = text.length;
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  while (i < n) {
    if (text[i] === '\n') {
      i++;
      line++;
      continue;
    }
    const record: CsvRecord = { line, fields: [] };
    let endOfRecord = false;
    while (!endOfRecord) {
      if (text[i] === '"') {
        i++;
        let field = '';
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) fail(line + countNewlines(text, i, n), 'extraneous or missing " in quoted-field');
          line += countNewlines(text, i, q);
          field += text.slice(i, q);
          i = q + 1;
          const c = text[i];
          if (c === '"') {
            field += '"';
            i++;
          } else if (c === ',') {
            i++;
            break;
          } else if (c === '\n' || c === undefined) {
            endOfRecord = true;
            break;
          } else {
            fail(line, 'extraneous or missing " in quoted-field');
          }
        }
        record.fields.push(field);
      } else {
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n') j++;
        const field = text.slice(i, j);
        if (field.includes('"')) fail(line, 'bare " in non-quoted-field');
        record.fields.push(field);
        i = j;
        if (text[i] === ',') i++;
        else endOfRecord = true;
      }
    }
    if (text[i] === '\n') {
      i++;
      line++;
    }
    records.push(record);
  }
  return records;
}

function countNewlines(text: string, from: number, to: number): number {
  let c = 0;
  for (let k = from; k < to; k++) if (text.charCodeAt(k) === 10) c++;
  return c;
}

/** Parse token file text. Throws TokenFileError naming the line for malformed content. */
export function parseTokenFile(text: string, fileName = '<inline>'): TokenFile {
  const fail = (line: number, message: string): never => {
    throw new TokenFileError(fileName, line, message);
  };
  const tokens = new Map<string, UserInfo>();
  const warnings: string[] = [];
  for (const { line, fields } of parseCsv(text, fail)) {
    if (fields.length < 3) {
      fail(line, `must have at least 3 columns (token, user name, user uid), found ${fields.length}`);
    }
    const [token, name, uid, groups] = fields as [string, string, string, string | undefined];
    if (token === '') {
      warnings.push(`token file "${fileName}" line ${line}: empty token, line skipped`);
      continue;
    }
    if (tokens.has(token)) warnings.push(`token file "${fileName}" line ${line}: duplicate token, this line wins`);
    const user: UserInfo = { name, groups: groups === undefined ? [] : groups.split(',') };
    if (uid !== '') user.uid = uid;
    tokens.set(token, user);
  }
  return { fileName, tokens, warnings };
}

/** Read and parse a token file (UTF-8). */
export async function loadTokenFile(path: string): Promise<TokenFile> {
  return parseTokenFile(await readFile(path, 'utf8'), path);
}

/**
 * A TokenAuthenticator over static tokens: a parsed token file, or a map of token to user.
 * Unknown tokens have no opinion (null). Each answer is a fresh copy of the user.
 */
export function tokenFileAuthenticator(source: TokenFile | ReadonlyMap<string, UserInfo> | Readonly<Record<string, UserInfo>>): TokenAuthenticator {
  let tokens: ReadonlyMap<string, UserInfo>;
  if (source instanceof Map) tokens = source as ReadonlyMap<string, UserInfo>;
  else if ('tokens' in source && source.tokens instanceof Map) tokens = source.tokens;
  else tokens = new Map(Object.entries(source as Readonly<Record<string, UserInfo>>));
  return {
    name: 'tokenfile',
    async authenticateToken(token) {
      const user = tokens.get(token);
      return user ? { user: structuredClone(user) } : null;
    },
  };
}
