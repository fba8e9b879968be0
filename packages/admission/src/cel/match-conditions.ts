/**
 * `celMatchConditions(engine)`: kube's matchConditions evaluation (webhook matchconditions
 * Matcher, also used by ValidatingAdmissionPolicy). Every condition must be true: the first
 * false one decides (`{ matched: false, failedCondition }`), even when others failed; when
 * none is false and some failed to compile or evaluate, the result is `{ error }` with kube's
 * messages (several are joined as `[a, b]`), and the caller applies its failurePolicy.
 *
 * @example
 * const mc = celMatchConditions(createCelEngine());
 * mc.evaluate([{ name: 'not-system', expression: '!request.userInfo.username.startsWith("system:")' }], vars);
 * // { matched: true } | { matched: false, failedCondition: 'not-system' } | { error: "expression '...' resulted in error: ..." }
 */
import type { CelEngine, CelProgram } from '../cel-types.js';
import { type CelActivation, type KubeCelEngine, isCelActivation } from './engine.js';

export interface NamedExpression {
  name: string;
  expression: string;
}

export type MatchConditionsResult =
  | { matched: true; error?: undefined }
  | { matched: false; failedCondition: string; error?: undefined }
  | { matched?: undefined; error: string };

export interface MatchConditionsOptions {
  /** Variables the conditions may not use, e.g. `['params']` for webhooks (kube declares params only for policies with a paramKind). */
  omit?: readonly string[];
}

export interface CelMatchConditions {
  evaluate(conditions: readonly NamedExpression[], vars: Record<string, unknown> | CelActivation): MatchConditionsResult;
  /** The compile error of one expression (kube's `compilation failed: ...`), or undefined when it compiles. */
  compileError(expression: string): string | undefined;
}

function isKubeEngine(engine: CelEngine): engine is KubeCelEngine {
  return typeof (engine as Partial<KubeCelEngine>).activation === 'function';
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** utilerrors.NewAggregate(...).Error(). */
export function aggregateErrors(messages: readonly string[]): string {
  return messages.length === 1 ? messages[0]! : `[${messages.join(', ')}]`;
}

export function celMatchConditions(engine: CelEngine, options: MatchConditionsOptions = {}): CelMatchConditions {
  const compile = (expression: string): CelProgram =>
    isKubeEngine(engine)
      ? engine.compile(expression, { returnTypes: ['bool'], ...(options.omit ? { omit: options.omit } : {}) })
      : engine.compile(expression);

  return {
    compileError(expression) {
      try {
        compile(expression);
        return undefined;
      } catch (err) {
        return messageOf(err);
      }
    },
    evaluate(conditions, vars) {
      const act = isKubeEngine(engine) && !isCelActivation(vars) ? engine.activation(vars) : vars;
      const errors: string[] = [];
      for (const c of conditions) {
        let program: CelProgram;
        try {
          program = compile(c.expression);
        } catch (err) {
          errors.push(`compilation error: ${messageOf(err)}`);
          continue;
        }
        let result: unknown;
        try {
          result = program.evaluate(act as Record<string, unknown>);
        } catch (err) {
          errors.push(`expression '${c.expression}' resulted in error: ${messageOf(err)}`);
          continue;
        }
        if (result === false) return { matched: false, failedCondition: c.name };
        if (result !== true) errors.push(`expression '${c.expression}' resulted in error: no such overload`);
      }
      return errors.length ? { error: aggregateErrors(errors) } : { matched: true };
    },
  };
}
