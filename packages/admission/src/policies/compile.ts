/**
 * Compiles every expression of a ValidatingAdmissionPolicy as kube does: matchConditions
 * (bool), variables in order (each may use the ones before it as `variables.<name>`),
 * validations (bool), messageExpressions (string) and auditAnnotation valueExpressions
 * (string or null). `params` is declared only when the policy has a paramKind. Each result
 * holds a program or kube's compile message; validation reports the messages, the plugin
 * evaluates the programs.
 *
 * @example
 * const compiled = compilePolicy(engine, policy);
 * compiled.validations[0]?.condition.error; // "compilation failed: ERROR: <input>:1:4: ..."
 */
import type { CelCompileOptions, KubeCelEngine, KubeCelProgram } from '../cel/engine.js';
import type { Validation, ValidatingAdmissionPolicy } from './types.js';

export interface CompiledExpression {
  expression: string;
  program?: KubeCelProgram;
  /** kube's compile message when the expression does not compile. */
  error?: string;
}

export interface CompiledValidation {
  validation: Validation;
  condition: CompiledExpression;
  message?: CompiledExpression;
}

export interface CompiledPolicy {
  policy: ValidatingAdmissionPolicy;
  hasParams: boolean;
  matchConditions: Array<CompiledExpression & { name: string }>;
  variables: Array<CompiledExpression & { name: string }>;
  validations: CompiledValidation[];
  auditAnnotations: Array<CompiledExpression & { key: string }>;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function compileOne(engine: KubeCelEngine, expression: string, opts: CelCompileOptions): CompiledExpression {
  try {
    return { expression, program: engine.compile(expression, opts) };
  } catch (err) {
    return { expression, error: err instanceof Error ? err.message : String(err) };
  }
}

export function compilePolicy(engine: KubeCelEngine, policy: ValidatingAdmissionPolicy): CompiledPolicy {
  const spec = policy.spec ?? {};
  const hasParams = spec.paramKind !== undefined && spec.paramKind !== null;
  const omit = hasParams ? [] : ['params'];

  const matchConditions = (spec.matchConditions ?? []).map((c) => ({
    name: str(c?.name),
    ...compileOne(engine, str(c?.expression).trim(), { omit, returnTypes: ['bool'] }),
  }));

  const types: Record<string, string> = {};
  const variables = (spec.variables ?? []).map((v) => {
    const name = str(v?.name);
    const compiled = compileOne(engine, str(v?.expression), { omit, compositionVariables: { ...types } });
    types[name] = compiled.program?.checkedType ?? 'dyn';
    return { name, ...compiled };
  });
  const composition = variables.length > 0 ? { compositionVariables: types } : {};

  const validations = (spec.validations ?? []).map((validation) => {
    const v = validation ?? ({} as Validation);
    const out: CompiledValidation = {
      validation: v,
      condition: compileOne(engine, str(v.expression), { omit, returnTypes: ['bool'], ...composition }),
    };
    if (str(v.messageExpression).trim() !== '') {
      out.message = compileOne(engine, str(v.messageExpression), { omit, returnTypes: ['string'], ...composition });
    }
    return out;
  });

  const auditAnnotations = (spec.auditAnnotations ?? []).map((a) => ({
    key: str(a?.key),
    ...compileOne(engine, str(a?.valueExpression).trim(), { omit, returnTypes: ['string', 'null_type'], ...composition }),
  }));

  return { policy, hasParams, matchConditions, variables, validations, auditAnnotations };
}
