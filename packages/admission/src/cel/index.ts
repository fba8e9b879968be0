/**
 * CEL for admission: `createCelEngine()` (kube's CEL environment and extension libraries on
 * @marcbachmann/cel-js, with a compiled-expression cache and a runtime cost limit) and
 * `celMatchConditions()` (kube's matchConditions semantics).
 *
 * @example
 * const engine = createCelEngine();
 * engine.compile('object.spec.replicas <= 5').evaluate({ object: { spec: { replicas: 3 } } }); // true
 */
export {
  createCelEngine,
  isCelActivation,
  type CelActivation,
  type CelCompileOptions,
  type CelEngineOptions,
  type KubeCelEngine,
  type KubeCelProgram,
} from './engine.js';
export { admissionDeclarations, type CelDeclarations, type CelLimits } from './environment.js';
export {
  CelCompilationError,
  CelEvaluationError,
  costLimitExceededMessage,
  isCelCompilationError,
  isCelEvaluationError,
} from './errors.js';
export {
  aggregateErrors,
  celMatchConditions,
  type CelMatchConditions,
  type MatchConditionsOptions,
  type MatchConditionsResult,
  type NamedExpression,
} from './match-conditions.js';
export { fromCel, toCel } from './values.js';
