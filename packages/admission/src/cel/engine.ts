/**
 * `createCelEngine()`: the CelEngine admission code uses, on @marcbachmann/cel-js (chosen by
 * measurement, see docs/cel.md). Expressions are parsed and type-checked once and cached (LRU);
 * compile errors read as kube's (`compilation failed: ERROR: <input>:1:4: ...`); evaluation
 * errors throw CelEvaluationError, so an error is never mistaken for `false`; every evaluation
 * runs under a cost limit (kube's per-call limit, 1,000,000 steps by default).
 *
 * @example
 * const engine = createCelEngine();
 * const program = engine.compile('object.spec.replicas <= 5', { returnTypes: ['bool'] });
 * program.evaluate({ object: { spec: { replicas: 3 } }, oldObject: null }); // true
 */
import type { Environment } from '@marcbachmann/cel-js';
import type { CelEngine, CelProgram } from '../cel-types.js';
import { CostLimitExceeded, meter } from './cost.js';
import {
  type CelDeclarations,
  type CelLimits,
  type VariantOptions,
  admissionDeclarations,
  createTemplateEnvironment,
  environmentFor,
} from './environment.js';
import {
  CelCompilationError,
  CelEvaluationError,
  celGoTypeName,
  compileErrorMessage,
  costLimitExceededMessage,
  evaluationErrorMessage,
  isCelEvaluationError,
} from './errors.js';
import { fromCel, toCel } from './values.js';

export interface CelEngineOptions {
  /** Compiled expressions kept, least recently used dropped first; default 1000. */
  cacheSize?: number;
  /** Evaluation steps one evaluation may take (kube's PerCallLimit); default 1,000,000. */
  costLimit?: number;
  /** Longest expression accepted, in characters; default 100,000. */
  maxExpressionLength?: number;
  /** The variables expressions may use (name -> CEL type); default the admission variables. */
  declarations?: CelDeclarations;
  /** Structural limits of the parser (AST nodes 10,000, nesting depth 100 by default). */
  limits?: CelLimits;
}

export interface CelCompileOptions extends VariantOptions {
  /** Accepted result types, cel-go names (`bool`, `string`, `null_type`); others fail to compile. */
  returnTypes?: readonly string[];
}

const activationBrand = Symbol('apiserver-kit.cel.activation');

/** Variables converted to CEL values once, for many evaluations. */
export interface CelActivation {
  readonly [activationBrand]: true;
  readonly values: Readonly<Record<string, unknown>>;
}

export interface KubeCelProgram extends CelProgram {
  readonly expression: string;
  /** The inferred result type, as cel-go names it: `bool`, `dyn`, `list(string)`. */
  readonly outputType: string;
  /** The inferred result type as the library names it (`list<string>`), to declare variables. */
  readonly checkedType: string;
  /** Evaluate; the result is plain JS (ints as numbers). Throws CelEvaluationError. */
  evaluate(vars: Record<string, unknown> | CelActivation): unknown;
  /** Evaluate to a raw CEL value under a cost limit, and report the cost. Throws CelEvaluationError. */
  run(vars: Record<string, unknown> | CelActivation, costLimit?: number): { value: unknown; cost: number };
}

export interface KubeCelEngine extends CelEngine {
  compile(expression: string, options?: CelCompileOptions): KubeCelProgram;
  /**
   * Convert variables (JSON) once; programs evaluated with the result skip the conversion.
   * With `converted`, the values are CEL values already (from `toCel`) and are used as they are.
   */
  activation(vars: Record<string, unknown>, converted?: boolean): CelActivation;
  readonly costLimit: number;
}

/** Whether `v` came from `engine.activation()`. */
export function isCelActivation(v: unknown): v is CelActivation {
  return typeof v === 'object' && v !== null && (v as Record<symbol, unknown>)[activationBrand] === true;
}

function makeActivation(vars: Record<string, unknown>, converted = false): CelActivation {
  if (converted) return { [activationBrand]: true, values: vars };
  const values: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) values[k] = toCel(v);
  return { [activationBrand]: true, values };
}

type Parsed = ((ctx?: Record<string, unknown>) => unknown) & { check(): { valid: boolean; type?: string; error?: unknown } };
type Entry = { program: KubeCelProgram } | { error: CelCompilationError };

function variantKey(opts: VariantOptions): string {
  return JSON.stringify([opts.omit ?? [], opts.compositionVariables ?? null]);
}

function returnTypeError(types: readonly string[], got: string): string {
  return types.length === 1 ? `must evaluate to ${types[0]} but got ${got}` : `must evaluate to one of [${types.join(' ')}] but got ${got}`;
}

export function createCelEngine(options: CelEngineOptions = {}): KubeCelEngine {
  const cacheSize = options.cacheSize ?? 1000;
  const costLimit = options.costLimit ?? 1_000_000;
  const maxLength = options.maxExpressionLength ?? 100_000;
  const declarations = options.declarations ?? admissionDeclarations;
  const template = createTemplateEnvironment(options.limits);
  const variants = new Map<string, Environment>();
  const cache = new Map<string, Entry>();

  function variant(opts: VariantOptions): Environment {
    const key = variantKey(opts);
    let env = variants.get(key);
    if (!env) {
      env = environmentFor(template, declarations, opts);
      if (variants.size >= cacheSize) variants.delete(variants.keys().next().value!);
      variants.set(key, env);
    }
    return env;
  }

  function build(expression: string, opts: CelCompileOptions): KubeCelProgram {
    const chars = [...expression].length;
    if (chars > maxLength) {
      throw new CelCompilationError(
        `compilation failed: expression code point size exceeds limit: size: ${chars}, limit ${maxLength}`,
        expression,
      );
    }
    let parsed: Parsed;
    try {
      parsed = variant(opts).parse(expression) as Parsed;
    } catch (err) {
      throw new CelCompilationError(compileErrorMessage(expression, err), expression);
    }
    const checked = parsed.check();
    if (!checked.valid) throw new CelCompilationError(compileErrorMessage(expression, checked.error), expression);
    const checkedType = checked.type ?? 'dyn';
    const outputType = celGoTypeName(checkedType);
    if (opts.returnTypes && !opts.returnTypes.includes(outputType)) {
      throw new CelCompilationError(returnTypeError(opts.returnTypes, outputType), expression);
    }
    const run = (vars: Record<string, unknown> | CelActivation, limit = costLimit) => {
      const act = isCelActivation(vars) ? vars : makeActivation(vars, false);
      try {
        return meter(limit, () => parsed(act.values as Record<string, unknown>));
      } catch (err) {
        if (err instanceof CostLimitExceeded) throw new CelEvaluationError(costLimitExceededMessage, expression, { costExceeded: true });
        if (isCelEvaluationError(err)) throw err; // from a lazily evaluated variable
        throw new CelEvaluationError(evaluationErrorMessage(err), expression, { cause: err });
      }
    };
    return {
      expression,
      outputType,
      checkedType,
      run,
      evaluate: (vars) => fromCel(run(vars).value),
    };
  }

  return {
    costLimit,
    activation: makeActivation,
    compile(expression, opts = {}) {
      const key = `${variantKey(opts)}\u0000${(opts.returnTypes ?? []).join(',')}\u0000${expression}`;
      let entry = cache.get(key);
      if (entry) {
        cache.delete(key); // most recently used goes last
      } else {
        try {
          entry = { program: build(expression, opts) };
        } catch (err) {
          if (!(err instanceof CelCompilationError)) throw err;
          entry = { error: err };
        }
        if (cache.size >= cacheSize) cache.delete(cache.keys().next().value!);
      }
      cache.set(key, entry);
      if ('error' in entry) throw entry.error;
      return entry.program;
    },
  };
}
