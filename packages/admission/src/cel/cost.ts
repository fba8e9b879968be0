/**
 * A runtime cost limit for CEL evaluations. kube meters every evaluation (cel-go's actual cost,
 * about one unit per evaluated node plus size-dependent costs of string and list functions) and
 * cancels one past its per-call limit; CEL has no loops, so cost is bounded by input size to
 * the power of the macro nesting, and a limit is what keeps `l.all(a, l.all(b, l.all(c, ...)))`
 * over a large list from occupying the event loop.
 *
 * Here one unit is one evaluated node: the library's evaluator runs every child node through
 * its `run` method, which we wrap once, process-wide, with a counter that is only armed inside
 * `meter()`. Evaluation is synchronous (no async functions are registered), so no two metered
 * evaluations interleave. The engine's tests prove the limit stops a pathological expression,
 * so a library upgrade that bypasses `run` fails them.
 *
 * @example
 * const { value, cost } = meter(1_000_000, () => program(vars));
 */
import { Environment } from '@marcbachmann/cel-js';

interface EvaluatorLike {
  run(ast: AstLike, ctx: unknown): unknown;
}
interface AstLike {
  evaluate(ev: EvaluatorLike, ast: AstLike, ctx: unknown): unknown;
}

const patched = Symbol.for('apiserver-kit.cel.costMeter');

/** Steps taken by the armed evaluation, and the step that trips the limit. */
let steps = 0;
let limit = Number.POSITIVE_INFINITY;

export class CostLimitExceeded extends Error {
  constructor() {
    super('operation cancelled: actual cost limit exceeded');
  }
}

function install(): void {
  let proto: (EvaluatorLike & Record<symbol, unknown>) | undefined;
  // The evaluator class is internal to the library; a throwaway macro hands us an instance.
  const probe = new Environment().registerFunction('probe(ast): bool', () => ({
    typeCheck: (checker: { getType(name: string): unknown }) => checker.getType('bool'),
    evaluate(ev: EvaluatorLike) {
      proto = Object.getPrototypeOf(ev) as EvaluatorLike & Record<symbol, unknown>;
      return true;
    },
  }));
  probe.evaluate('probe(1)');
  if (!proto || proto[patched]) return;
  proto[patched] = true;
  proto.run = function run(this: EvaluatorLike, ast: AstLike, ctx: unknown): unknown {
    if (++steps > limit) throw new CostLimitExceeded();
    return ast.evaluate(this, ast, ctx);
  };
}

install();

/**
 * Run `fn` (one synchronous CEL evaluation) with at most `max` evaluation steps. Past the
 * limit it throws CostLimitExceeded, also when the expression would have absorbed the error
 * (`l.all(...) || true`). Returns the value and the steps taken.
 */
export function meter<T>(max: number, fn: () => T): { value: T; cost: number } {
  // A nested evaluation (a lazily evaluated policy variable) is charged to the outer one too.
  const outerSteps = steps;
  const outerLimit = limit;
  steps = 0;
  limit = max;
  try {
    const value = fn();
    if (steps > max) throw new CostLimitExceeded();
    return { value, cost: steps };
  } finally {
    steps = outerLimit === Number.POSITIVE_INFINITY ? 0 : outerSteps + steps;
    limit = outerLimit;
  }
}
