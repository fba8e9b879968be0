/**
 * kube's CEL quantity library (k8s.io/apiserver/pkg/cel/library/quantity.go): `quantity(s)`,
 * `isQuantity(s)`, and on a quantity `sign()`, `isInteger()`, `asInteger()`,
 * `asApproximateFloat()`, `add(q|int)`, `sub(q|int)`, `isLessThan(q)`, `isGreaterThan(q)`,
 * `compareTo(q)`; `==` compares values (`quantity("1Gi") == quantity("1024Mi")`).
 *
 * @example
 * engine.compile('quantity(object.spec.limits.memory).isLessThan(quantity("2Gi"))');
 */
import { type Environment, EvaluationError } from '@marcbachmann/cel-js';
import { Quantity, QuantityError, parseQuantityExact } from './quantity-value.js';

/** The CEL type name of quantities, as kube declares it. */
export const quantityTypeName = 'kubernetes.Quantity';
const Q = quantityTypeName;

function parse(s: string): Quantity {
  try {
    return parseQuantityExact(s);
  } catch (err) {
    if (err instanceof QuantityError) throw new EvaluationError(err.message);
    throw err;
  }
}

function asInteger(q: Quantity): bigint {
  const v = q.asInt64();
  if (v === undefined) throw new EvaluationError('cannot convert value to integer');
  return v;
}

export function registerQuantity(env: Environment): void {
  env.registerType(Q, Quantity);
  env.registerFunction(`quantity(string): ${Q}`, parse);
  env.registerFunction('isQuantity(string): bool', (s: string) => {
    try {
      parseQuantityExact(s);
      return true;
    } catch {
      return false;
    }
  });
  env.registerFunction(`${Q}.sign(): int`, (q: Quantity) => BigInt(q.sign()));
  env.registerFunction(`${Q}.isInteger(): bool`, (q: Quantity) => q.asInt64() !== undefined);
  env.registerFunction(`${Q}.asInteger(): int`, asInteger);
  env.registerFunction(`${Q}.asApproximateFloat(): double`, (q: Quantity) => q.asApproximateFloat());
  env.registerFunction(`${Q}.add(${Q}): ${Q}`, (a: Quantity, b: Quantity) => a.add(b));
  env.registerFunction(`${Q}.add(int): ${Q}`, (a: Quantity, b: bigint) => a.add(Quantity.fromInt(b)));
  env.registerFunction(`${Q}.sub(${Q}): ${Q}`, (a: Quantity, b: Quantity) => a.sub(b));
  env.registerFunction(`${Q}.sub(int): ${Q}`, (a: Quantity, b: bigint) => a.sub(Quantity.fromInt(b)));
  env.registerFunction(`${Q}.isLessThan(${Q}): bool`, (a: Quantity, b: Quantity) => a.compare(b) < 0);
  env.registerFunction(`${Q}.isGreaterThan(${Q}): bool`, (a: Quantity, b: Quantity) => a.compare(b) > 0);
  env.registerFunction(`${Q}.compareTo(${Q}): int`, (a: Quantity, b: Quantity) => BigInt(a.compare(b)));
  env.registerOperator(`${Q} == ${Q}`, (a: Quantity, b: Quantity) => a.compare(b) === 0);
}
