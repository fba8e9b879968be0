/**
 * The CEL engine contract admission code uses (webhook matchConditions, ValidatingAdmissionPolicy).
 * One implementation lives in src/cel/; anything else that compiles and evaluates CEL fits.
 */
export interface CelProgram {
  /** Evaluate with the given variables (object, oldObject, request, params, namespaceObject, variables...). */
  evaluate(vars: Record<string, unknown>): unknown;
}

export interface CelCompileError {
  message: string;
}

export interface CelEngine {
  /** Compile (cached by expression text); throws a CelCompileError-shaped Error on bad syntax. */
  compile(expression: string): CelProgram;
}
