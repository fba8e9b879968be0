/**
 * The CEL environment kube's admission expressions compile in: the standard library with
 * optional types and `cel.bind`, kube's extension libraries (strings, lists, sets, regex,
 * quantity), and the admission variables:
 *
 *   object, oldObject, params, namespaceObject   dyn (null when absent)
 *   request                                      kubernetes.AdmissionRequest (typed fields)
 *   variables                                    a policy's composition variables, when it has any
 *
 * `authorizer` is not offered (see docs/cel.md): an expression that uses it does not compile.
 * Variants (a variable omitted, composition variables declared) are clones of one template.
 *
 * @example
 * const env = environmentFor(template, admissionDeclarations, { omit: ['params'] });
 */
import { Environment } from '@marcbachmann/cel-js';
import { registerLists } from './lib/lists.js';
import { registerQuantity } from './lib/quantity.js';
import { registerRegex } from './lib/regex.js';
import { registerStrings } from './lib/strings.js';

/** Variable name -> CEL type name, e.g. `{ object: 'dyn' }`. */
export type CelDeclarations = Readonly<Record<string, string>>;

export const admissionRequestTypeName = 'kubernetes.AdmissionRequest';
export const variablesTypeName = 'kubernetes.Variables';

/** The variables of admission expressions (ValidatingAdmissionPolicy, webhook matchConditions). */
export const admissionDeclarations: CelDeclarations = {
  object: 'dyn',
  oldObject: 'dyn',
  params: 'dyn',
  namespaceObject: 'dyn',
  request: admissionRequestTypeName,
};

function registerAdmissionTypes(env: Environment): void {
  env.registerType('kubernetes.GroupVersionKind', { fields: { group: 'string', version: 'string', kind: 'string' } });
  env.registerType('kubernetes.GroupVersionResource', { fields: { group: 'string', version: 'string', resource: 'string' } });
  env.registerType('kubernetes.UserInfo', {
    fields: { username: 'string', uid: 'string', groups: 'list<string>', extra: 'map<string, list<string>>' },
  });
  env.registerType(admissionRequestTypeName, {
    fields: {
      kind: 'kubernetes.GroupVersionKind',
      resource: 'kubernetes.GroupVersionResource',
      subResource: 'string',
      requestKind: 'kubernetes.GroupVersionKind',
      requestResource: 'kubernetes.GroupVersionResource',
      requestSubResource: 'string',
      name: 'string',
      namespace: 'string',
      operation: 'string',
      userInfo: 'kubernetes.UserInfo',
      dryRun: 'bool',
      options: 'dyn',
    },
  });
}

/** Values of the composition variables, computed on first use (kube evaluates them lazily). */
export class LazyVariables {
  constructor(getters: Readonly<Record<string, () => unknown>>) {
    for (const [name, get] of Object.entries(getters)) {
      let done = false;
      let value: unknown;
      let error: unknown;
      Object.defineProperty(this, name, {
        enumerable: true,
        get: () => {
          if (!done) {
            try {
              value = get();
            } catch (err) {
              error = err;
            }
            done = true;
          }
          if (error !== undefined) throw error;
          return value;
        },
      });
    }
  }
}

export interface CelLimits {
  maxAstNodes?: number;
  maxDepth?: number;
}

/** The template: libraries and types, no variables. Clone it (which freezes it) for use. */
export function createTemplateEnvironment(limits: CelLimits = {}): Environment {
  const env = new Environment({
    homogeneousAggregateLiterals: false,
    enableOptionalTypes: true,
    limits: { maxAstNodes: limits.maxAstNodes ?? 10_000, maxDepth: limits.maxDepth ?? 100 },
  });
  registerStrings(env);
  registerLists(env);
  registerRegex(env);
  registerQuantity(env);
  registerAdmissionTypes(env);
  return env;
}

export interface VariantOptions {
  /** Declared variables this expression may not use (kube: `params` without a paramKind). */
  omit?: readonly string[];
  /** Composition variables and their CEL types; declares `variables` when given. */
  compositionVariables?: CelDeclarations;
}

/** A clone of the template with the declarations (less `omit`) and composition variables. */
export function environmentFor(template: Environment, declarations: CelDeclarations, opts: VariantOptions): Environment {
  const env = template.clone();
  for (const [name, type] of Object.entries(declarations)) {
    if (!opts.omit?.includes(name)) env.registerVariable(name, type);
  }
  if (opts.compositionVariables) {
    // a result type the registry cannot declare a field with (null, type) is declared dyn
    const fields = Object.fromEntries(
      Object.entries(opts.compositionVariables).map(([k, t]) => [k, t === 'null' || t === 'type' ? 'dyn' : t]),
    );
    env.registerType(variablesTypeName, { ctor: LazyVariables, fields });
    env.registerVariable('variables', variablesTypeName);
  }
  return env;
}
