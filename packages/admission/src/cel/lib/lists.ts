/**
 * kube's CEL list library (k8s.io/apiserver/pkg/cel/library/lists.go) and cel-go's sets
 * extension: `isSorted()`, `sum()`, `min()`, `max()`, `indexOf(x)`, `lastIndexOf(x)` on lists,
 * and `sets.contains(a, b)`, `sets.equivalent(a, b)`, `sets.intersects(a, b)`.
 *
 * @example
 * engine.compile('[1, 2, 3].sum() == 6 && [3, 1].min() == 1 && sets.contains([1, 2], [2])');
 */
import { type Environment, EvaluationError } from '@marcbachmann/cel-js';
import { celCompare, celEquals } from './compare.js';

const maxInt64 = 2n ** 63n - 1n;
const minInt64 = -(2n ** 63n);

function sum(list: readonly unknown[]): unknown {
  if (list.length === 0) return 0n;
  if (list.every((x) => typeof x === 'bigint')) {
    let total = 0n;
    for (const x of list as bigint[]) {
      total += x;
      if (total > maxInt64 || total < minInt64) throw new EvaluationError('integer overflow');
    }
    return total;
  }
  if (list.every((x) => typeof x === 'number')) return (list as number[]).reduce((a, b) => a + b, 0);
  throw new EvaluationError('no such overload: sum');
}

function extreme(name: 'min' | 'max', list: readonly unknown[]): unknown {
  if (list.length === 0) throw new EvaluationError(`${name} called on empty list`);
  let best = list[0];
  for (const x of list.slice(1)) {
    const c = celCompare(x, best);
    if ((name === 'min' && c < 0) || (name === 'max' && c > 0)) best = x;
  }
  return best;
}

function isSorted(list: readonly unknown[]): boolean {
  for (let i = 1; i < list.length; i++) if (celCompare(list[i - 1], list[i]) > 0) return false;
  return true;
}

function indexOf(list: readonly unknown[], x: unknown, last: boolean): bigint {
  if (last) {
    for (let i = list.length - 1; i >= 0; i--) if (celEquals(list[i], x)) return BigInt(i);
  } else {
    for (let i = 0; i < list.length; i++) if (celEquals(list[i], x)) return BigInt(i);
  }
  return -1n;
}

class SetsNamespace {}

const typed = ['int', 'double', 'string'] as const;

export function registerLists(env: Environment): void {
  env.registerFunction('list.isSorted(): bool', (l: unknown[]) => isSorted(l));
  env.registerFunction('list<int>.sum(): int', (l: unknown[]) => sum(l));
  env.registerFunction('list<double>.sum(): double', (l: unknown[]) => sum(l));
  env.registerFunction('list.sum(): dyn', (l: unknown[]) => sum(l));
  for (const name of ['min', 'max'] as const) {
    for (const t of typed) env.registerFunction(`list<${t}>.${name}(): ${t}`, (l: unknown[]) => extreme(name, l));
    env.registerFunction(`list.${name}(): dyn`, (l: unknown[]) => extreme(name, l));
  }
  env.registerFunction('list.indexOf(dyn): int', (l: unknown[], x: unknown) => indexOf(l, x, false));
  env.registerFunction('list.lastIndexOf(dyn): int', (l: unknown[], x: unknown) => indexOf(l, x, true));

  env.registerType('SetsNamespace', SetsNamespace);
  env.registerConstant('sets', 'SetsNamespace', new SetsNamespace());
  const has = (list: readonly unknown[], x: unknown) => list.some((y) => celEquals(x, y));
  env.registerFunction('SetsNamespace.contains(list, list): bool', (_: SetsNamespace, a: unknown[], b: unknown[]) =>
    b.every((x) => has(a, x)),
  );
  env.registerFunction('SetsNamespace.equivalent(list, list): bool', (_: SetsNamespace, a: unknown[], b: unknown[]) =>
    b.every((x) => has(a, x)) && a.every((x) => has(b, x)),
  );
  env.registerFunction('SetsNamespace.intersects(list, list): bool', (_: SetsNamespace, a: unknown[], b: unknown[]) =>
    a.some((x) => has(b, x)),
  );
}
