/**
 * The parts of cel-go's strings extension (as kube enables it) the library lacks: `charAt`,
 * `replace`, `reverse`, `format`, `strings.quote`, plus `string()` of timestamps and durations.
 * The library itself brings `lowerAscii`, `upperAscii`, `split`, `join`, `trim`, `indexOf`,
 * `lastIndexOf`, `substring`, `matches`, `contains`, `startsWith` and `endsWith`.
 *
 * @example
 * engine.compile('"a-b".replace("-", "_") == "a_b" && "%s=%d".format(["x", 1]) == "x=1"');
 */
import { type Environment, EvaluationError } from '@marcbachmann/cel-js';
import { formatString, rfc3339 } from './format.js';

function charAt(s: string, i: bigint): string {
  const chars = Array.from(s);
  if (i < 0n || i > BigInt(chars.length)) throw new EvaluationError(`index out of range: ${i}`);
  return chars[Number(i)] ?? '';
}

/** Go's strings.Replace: at most `limit` replacements (all when negative). */
function replace(s: string, from: string, to: string, limit: bigint): string {
  if (from === '') {
    // an empty `from` matches before every character and at the end
    const chars = Array.from(s);
    const n = limit < 0n ? chars.length + 1 : Math.min(Number(limit), chars.length + 1);
    const out = chars.map((c, i) => (i < n ? to : '') + c).join('');
    return n > chars.length ? out + to : out;
  }
  if (limit < 0n) return s.split(from).join(to);
  let out = '';
  let rest = s;
  for (let k = 0n; k < limit; k++) {
    const at = rest.indexOf(from);
    if (at < 0) break;
    out += rest.slice(0, at) + to;
    rest = rest.slice(at + from.length);
  }
  return out + rest;
}

const quoteEscapes: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\f': '\\f',
  '\v': '\\v',
  '\b': '\\b',
  '\u0007': '\\a',
};

/** strconv.Quote-like quoting of cel-go's strings.quote. */
function quote(s: string): string {
  return `"${Array.from(s, (c) => quoteEscapes[c] ?? c).join('')}"`;
}

class StringsNamespace {}

export function registerStrings(env: Environment): void {
  env.registerFunction('string.charAt(int): string', (s: string, i: bigint) => charAt(s, i));
  env.registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) => replace(s, a, b, -1n));
  env.registerFunction('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) =>
    replace(s, a, b, n),
  );
  env.registerFunction('string.reverse(): string', (s: string) => Array.from(s).reverse().join(''));
  env.registerFunction('string.format(list): string', (s: string, args: unknown[]) => formatString(s, args));
  env.registerType('StringsNamespace', StringsNamespace);
  env.registerConstant('strings', 'StringsNamespace', new StringsNamespace());
  env.registerFunction('StringsNamespace.quote(string): string', (_: StringsNamespace, s: string) => quote(s));
  env.registerFunction('string(google.protobuf.Timestamp): string', (d: Date) => rfc3339(d));
  env.registerFunction('string(google.protobuf.Duration): string', (d: { toString(): string }) => d.toString());
}
