/**
 * One evaluation of a compiled policy (kube's validator.Validate) for one binding and param:
 * matchConditions first (a false one skips the policy; errors follow failurePolicy: Fail makes
 * a denying decision, Ignore skips), then every validation, then the audit annotations.
 * Variables are evaluated lazily, once. All expressions share a cost budget (kube's
 * RuntimeCELCostBudget); running out ends the evaluation with kube's message. Evaluation errors
 * become decisions per failurePolicy; a false validation denies with its reason (default
 * Invalid) and message (messageExpression, else message, else `failed expression: <expr>`).
 *
 * @example
 * const result = validateInvocation(engine, compiled, { object, oldObject, request, params, namespaceObject });
 * result.decisions; // [{ action: 'deny', evaluation: 'deny', reason: 'Invalid', message: '...' }]
 */
import { goQuote } from '@apiserver-kit/core';
import { type CelActivation, type KubeCelEngine } from '../cel/engine.js';
import { LazyVariables } from '../cel/environment.js';
import { isCelEvaluationError } from '../cel/errors.js';
import { aggregateErrors } from '../cel/match-conditions.js';
import { celTypeOf } from '../cel/values.js';
import type { CompiledExpression, CompiledPolicy } from './compile.js';

export interface PolicyDecision {
  action: 'admit' | 'deny';
  evaluation: 'admit' | 'deny' | 'error';
  message: string;
  /** The Status reason of a denial: the validation's reason, Invalid by default. */
  reason?: string;
}

export interface PolicyAuditAnnotation {
  key: string;
  action: 'publish' | 'exclude' | 'error';
  value?: string;
  error?: string;
}

export interface ValidateResult {
  decisions: PolicyDecision[];
  auditAnnotations: PolicyAuditAnnotation[];
}

export const outOfBudgetMessage = 'validation failed due to running out of cost budget, no further validation rules will be run';
const maxMessageBytes = 5 * 1024;

class OutOfBudget extends Error {}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** `values` are CEL values (toCel) of object, oldObject, request, params and namespaceObject. */
export function validateInvocation(
  engine: KubeCelEngine,
  compiled: CompiledPolicy,
  values: Record<string, unknown>,
  budget = 10_000_000,
): ValidateResult {
  const failurePolicy = compiled.policy.spec.failurePolicy ?? 'Fail';
  const errorAction = failurePolicy === 'Ignore' ? 'admit' : 'deny';
  let remaining = budget;
  const vars: Record<string, unknown> = { ...values };
  const act: CelActivation = engine.activation(vars, true);
  if (compiled.variables.length > 0) {
    const getters: Record<string, () => unknown> = {};
    for (const v of compiled.variables) {
      getters[v.name] = () => {
        if (v.error !== undefined || !v.program) throw new Error(`composited variable ${goQuote(v.name)} fails to compile: ${v.error}`);
        try {
          return v.program.run(act).value;
        } catch (err) {
          throw new Error(`composited variable ${goQuote(v.name)} fails to evaluate: ${messageOf(err)}`);
        }
      };
    }
    vars.variables = new LazyVariables(getters);
  }

  /** Evaluate within the budget; throws OutOfBudget when the budget, not the per-call limit, ran out. */
  const run = (c: CompiledExpression): unknown => {
    const limit = Math.min(engine.costLimit, remaining);
    try {
      const { value, cost } = c.program!.run(act, limit);
      remaining -= cost;
      return value;
    } catch (err) {
      if (isCelEvaluationError(err) && err.costExceeded && limit < engine.costLimit) throw new OutOfBudget();
      throw new Error(`expression '${c.expression}' resulted in error: ${messageOf(err)}`);
    }
  };
  /** The value, or kube's error text (a compile error reads `compilation error: ...`). OutOfBudget propagates. */
  const attempt = (c: CompiledExpression): { value: unknown; error?: undefined } | { error: string } => {
    if (c.error !== undefined || !c.program) return { error: `compilation error: ${c.error}` };
    try {
      return { value: run(c) };
    } catch (err) {
      if (err instanceof OutOfBudget) throw err;
      return { error: messageOf(err) };
    }
  };

  try {
    const failed: string[] = [];
    for (const c of compiled.matchConditions) {
      const r = attempt(c);
      if (r.error !== undefined) failed.push(r.error);
      else if (r.value === false) return { decisions: [], auditAnnotations: [] };
    }
    if (failed.length > 0) {
      if (failurePolicy === 'Ignore') return { decisions: [], auditAnnotations: [] };
      return { decisions: [{ action: 'deny', evaluation: 'error', message: aggregateErrors(failed) }], auditAnnotations: [] };
    }

    const decisions = compiled.validations.map(({ validation, condition, message }): PolicyDecision => {
      const r = attempt(condition);
      if (r.error !== undefined) return { action: errorAction, evaluation: 'error', message: r.error };
      if (r.value === true) return { action: 'admit', evaluation: 'admit', message: '' };
      let text = '';
      if (message?.program) {
        const m = attempt(message); // an error falls back to message, as in kube
        if (m.error === undefined && typeof m.value === 'string') text = m.value.trim();
        if (Buffer.byteLength(text) > maxMessageBytes || text.includes('\n')) text = '';
      }
      if (text === '' && validation.message) text = validation.message.trim();
      if (text === '') text = `failed expression: ${validation.expression.trim()}`;
      return { action: 'deny', evaluation: 'deny', reason: validation.reason ?? 'Invalid', message: text };
    });

    const auditAnnotations = compiled.auditAnnotations.map((a): PolicyAuditAnnotation => {
      const r = attempt(a);
      if (r.error !== undefined) return { key: a.key, action: errorAction === 'deny' ? 'error' : 'exclude', error: r.error };
      if (r.value === null) return { key: a.key, action: 'exclude' };
      if (typeof r.value !== 'string') {
        const error = `valueExpression '${a.expression}' resulted in unsupported return type: ${celTypeOf(r.value)}. Return type must be either string or null.`;
        return { key: a.key, action: 'error', error };
      }
      const trimmed = r.value.trim();
      return trimmed === '' ? { key: a.key, action: 'exclude' } : { key: a.key, action: 'publish', value: trimmed };
    });
    return { decisions, auditAnnotations };
  } catch (err) {
    if (!(err instanceof OutOfBudget)) throw err;
    return { decisions: [{ action: errorAction, evaluation: 'error', message: outOfBudgetMessage }], auditAnnotations: [] };
  }
}
