/**
 * A webhook's matchConditions, evaluated with a CelEngine (kube's matchconditions.Matcher): any
 * condition that is false skips the webhook; errors (a compile error, an evaluation error, a
 * non-boolean result) follow the webhook's failurePolicy: Fail rejects the request with
 * Forbidden, Ignore skips the webhook. Without an engine, a webhook with matchConditions cannot
 * be evaluated: that is a configuration error, handled the same way (Fail rejects, Ignore skips).
 *
 * @example
 * evaluateMatchConditions(hook.matchConditions, engine, { object, oldObject, request }, 'Fail');
 * // { matches: false } | { matches: true } | { error: "expression 'x' resulted in error: ..." }
 */
import { aggregateMessage } from '@apiserver-kit/core';
import type { CelEngine, CelProgram } from '../cel-types.js';
import type { FailurePolicyType, MatchCondition } from './types.js';

export type MatchOutcome = { matches: boolean; error?: undefined } | { matches: false; error: string };

export const noEngineMessage = 'compilation error: matchConditions need a CEL engine, and none is configured';

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err !== null && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string')
    return (err as { message: string }).message;
  return String(err);
}

export function evaluateMatchConditions(
  conditions: readonly MatchCondition[],
  engine: CelEngine | undefined,
  vars: Record<string, unknown>,
  failurePolicy: FailurePolicyType,
): MatchOutcome {
  const errs: string[] = [];
  if (!engine) errs.push(noEngineMessage);
  else
    for (const c of conditions) {
      let program: CelProgram;
      try {
        program = engine.compile(c.expression);
      } catch (err) {
        errs.push(`compilation error: ${messageOf(err)}`);
        continue;
      }
      let result: unknown;
      try {
        result = program.evaluate(vars);
      } catch (err) {
        errs.push(`expression '${c.expression}' resulted in error: ${messageOf(err)}`);
        continue;
      }
      if (result === false) return { matches: false };
      if (result !== true) errs.push(`expression '${c.expression}' resulted in error: expected a bool result, got ${typeName(result)}`);
    }
  if (errs.length === 0) return { matches: true };
  return failurePolicy === 'Ignore' ? { matches: false } : { matches: false, error: aggregateMessage(errs) };
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'map';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
  return typeof v;
}
