/**
 * kube's CEL regex library (k8s.io/apiserver/pkg/cel/library/regex.go): `find(re)` (the
 * first match or ""), `findAll(re)` and `findAll(re, n)` (at most n matches; all when n < 0).
 * Patterns are RE2; they run on JS RegExp with Unicode semantics, with RE2's leading inline
 * flags (`(?i)`, `(?s)`, `(?m)`) turned into RegExp flags. Compiled patterns are cached.
 *
 * @example
 * engine.compile('"abc 123".find("[0-9]+") == "123" && "a1b2".findAll("[0-9]") == ["1", "2"]');
 */
import { type Environment, EvaluationError } from '@marcbachmann/cel-js';

const cache = new Map<string, RegExp>();
const cacheLimit = 256;

/** An RE2 pattern as a global JS RegExp; throws kube's "error parsing regexp" message. */
export function compileRe2(pattern: string): RegExp {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let source = pattern;
  let flags = 'gu';
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    flags += inline[1]!;
    source = source.slice(inline[0].length);
  }
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (err) {
    try {
      re = new RegExp(source, flags.replace('u', '')); // RE2 escapes like `\-` that Unicode mode refuses
    } catch {
      throw new EvaluationError(`error parsing regexp: ${(err as Error).message}`);
    }
  }
  if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
  cache.set(pattern, re);
  return re;
}

function findAll(s: string, pattern: string, limit: bigint): string[] {
  const re = compileRe2(pattern);
  const out: string[] = [];
  if (limit === 0n) return out;
  for (const m of s.matchAll(re)) {
    out.push(m[0]);
    if (limit > 0n && BigInt(out.length) >= limit) break;
  }
  return out;
}

export function registerRegex(env: Environment): void {
  env.registerFunction('string.find(string): string', (s: string, re: string) => {
    const rx = compileRe2(re);
    rx.lastIndex = 0;
    return rx.exec(s)?.[0] ?? '';
  });
  env.registerFunction('string.findAll(string): list<string>', (s: string, re: string) => findAll(s, re, -1n));
  env.registerFunction('string.findAll(string, int): list<string>', (s: string, re: string, n: bigint) => findAll(s, re, n));
}
