import { describe, expect, it } from 'vitest';
import { type ApiObject, errors, formatFieldError } from '@apiserver-kit/core';
import { createCelEngine } from '../cel/engine.js';
import { binding, policy } from './testdata/fixtures.js';
import type { ValidatingAdmissionPolicySpec } from './types.js';
import { validateBinding, validatePolicy, validatePolicyUpdate } from './validation.js';

const engine = createCelEngine();
const policyErrors = (spec: ValidatingAdmissionPolicySpec) =>
  validatePolicy(engine, policy('p', { validations: [{ expression: 'true' }], ...spec })).map(formatFieldError);
const validationErrors = (expression: string, more: Record<string, unknown> = {}) => policyErrors({ validations: [{ expression, ...more }] });

describe('validatePolicy', () => {
  it('accepts a complete policy', () => {
    expect(policyErrors({})).toEqual([]);
  });

  it('reports a syntax error at spec.validations[i].expression as kube does', () => {
    expect(validationErrors('1 +')).toEqual([
      'spec.validations[0].expression: Invalid value: "1 +": compilation failed: ERROR: <input>:1:4: Syntax error: Unexpected token: EOF\n | 1 +\n | ...^',
    ]);
  });

  it('makes the whole object a 422 Invalid with the field as the cause', () => {
    const errs = validatePolicy(engine, policy('p', { validations: [{ expression: 'object.spec.paused' }] }));
    const status = errors.invalid({ group: 'admissionregistration.k8s.io', kind: 'ValidatingAdmissionPolicy' }, 'p', errs).status;
    expect(status.code).toBe(422);
    expect(status.message).toBe(
      'ValidatingAdmissionPolicy.admissionregistration.k8s.io "p" is invalid: spec.validations[0].expression: Invalid value: "object.spec.paused": must evaluate to bool but got dyn',
    );
    expect(status.details?.causes).toEqual([
      { reason: 'FieldValueInvalid', message: 'Invalid value: "object.spec.paused": must evaluate to bool but got dyn', field: 'spec.validations[0].expression' },
    ]);
  });

  it('declares params only with a paramKind', () => {
    expect(validationErrors('params.max > 1')[0]).toContain("undeclared reference to 'params' (in container '')");
    expect(policyErrors({ paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, validations: [{ expression: 'params.max > 1' }] })).toEqual([]);
  });

  it('checks message, messageExpression and reason', () => {
    expect(validationErrors('true', { messageExpression: '1', message: 'a\nb', reason: 'Teapot' })).toEqual([
      'spec.validations[0].messageExpression: Invalid value: "1": must evaluate to string but got int',
      'spec.validations[0].message: Invalid value: "a\\nb": message must not contain line breaks',
      'spec.validations[0].reason: Unsupported value: "Teapot": supported values: "Forbidden", "Invalid", "RequestEntityTooLarge"',
    ]);
    expect(validationErrors('true', { messageExpression: '  ', message: ' ' })).toEqual([
      'spec.validations[0].messageExpression: Invalid value: "  ": must be non-empty if specified',
      'spec.validations[0].message: Invalid value: " ": message must be non-empty if specified',
    ]);
  });

  it('requires failurePolicy, matchConstraints with resourceRules, and validations or auditAnnotations', () => {
    const p = policy('p', { validations: [] });
    delete p.spec.failurePolicy;
    p.spec.matchConstraints = { resourceRules: [] };
    const obj: ApiObject = { ...p, spec: { ...p.spec, matchConstraints: { ...p.spec.matchConstraints, matchPolicy: 'Fuzzy' as 'Exact' } } };
    expect(validatePolicy(engine, obj).map(formatFieldError)).toEqual([
      'spec.failurePolicy: Required value',
      'spec.matchConstraints.matchPolicy: Unsupported value: "Fuzzy": supported values: "Equivalent", "Exact"',
      'spec.matchConstraints.namespaceSelector: Required value',
      'spec.matchConstraints.objectSelector: Required value',
      'spec.matchConstraints.resourceRules: Required value',
      'spec.validations: Required value: validations or auditAnnotations must contain at least one item',
      'spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item',
    ]);
  });

  it('validates variables in order, each seeing only the ones before it', () => {
    expect(
      policyErrors({
        variables: [
          { name: 'a', expression: 'variables.b' },
          { name: 'b', expression: '1' },
          { name: '1x', expression: '' },
        ],
      }),
    ).toEqual([
      'spec.variables[0].expression: Invalid value: "variables.b": compilation failed: ERROR: <input>:1:10: undefined field \'b\'\n | variables.b\n | .........^',
      'spec.variables[2].name: Invalid value: "1x": name is not a valid CEL identifier',
      'spec.variables[2].expression: Required value: expression is not specified',
    ]);
    expect(policyErrors({ variables: [{ name: 'n', expression: '1' }], validations: [{ expression: 'variables.n > 0' }] })).toEqual([]);
  });

  it('compiles matchConditions as booleans and checks their names', () => {
    expect(
      policyErrors({
        matchConditions: [
          { name: 'a', expression: 'object.metadata.name' },
          { name: 'a', expression: 'true' },
        ],
      }),
    ).toEqual([
      'spec.matchConditions[1].name: Duplicate value: "a"',
      'spec.matchConditions[0].expression: Invalid value: "object.metadata.name": must evaluate to bool but got dyn',
    ]);
  });

  it('does not recompile unchanged matchConditions on update', () => {
    const old = policy('p', { validations: [{ expression: 'true' }], matchConditions: [{ name: 'a', expression: 'object.x' }] });
    const next = structuredClone(old);
    next.spec.validations = [{ expression: 'false' }];
    expect(validatePolicyUpdate(engine, next, old)).toEqual([]);
    next.spec.matchConditions = [{ name: 'a', expression: 'object.y' }];
    expect(validatePolicyUpdate(engine, next, old).map((e) => e.field)).toEqual(['spec.matchConditions[0].expression']);
  });

  it('checks auditAnnotations: key, value type, duplicates', () => {
    expect(
      policyErrors({
        validations: [],
        auditAnnotations: [
          { key: 'ok', valueExpression: 'object.metadata.name + ""' },
          { key: 'ok', valueExpression: '1' },
          { key: 'bad key!', valueExpression: 'null' },
        ],
      }),
    ).toEqual([
      'spec.auditAnnotations[1].valueExpression: Invalid value: "1": must evaluate to one of [string null_type] but got int',
      'spec.auditAnnotations[1].key: Duplicate value: "ok"',
      expect.stringMatching(/^spec\.auditAnnotations\[2\]\.key: Invalid value: "p\/bad key!": name part must consist of/),
    ]);
  });

  it('validates paramKind', () => {
    expect(policyErrors({ paramKind: { apiVersion: 'a/b/c', kind: 'Bad_Kind' } })).toEqual([
      'spec.paramKind.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c',
      expect.stringMatching(/^spec\.paramKind\.kind: Invalid value: "Bad_Kind": may have mixed case, but should otherwise match: a DNS-1035 label/),
    ]);
  });
});

describe('validatePolicyBinding', () => {
  const bindingErrors = (spec: Record<string, unknown>) => {
    const b = binding('b', 'p');
    b.spec = spec;
    return validateBinding(b).map(formatFieldError);
  };

  it('accepts a complete binding', () => {
    expect(validateBinding(binding('b', 'p'))).toEqual([]);
  });

  it('requires policyName and a validation action', () => {
    expect(bindingErrors({})).toEqual([
      'spec.policyName: Required value',
      'spec.validationActions: Required value: at least one validation action is required',
    ]);
  });

  it('refuses Deny with Warn, duplicates and unknown actions', () => {
    expect(bindingErrors({ policyName: 'p', validationActions: ['Deny', 'Warn', 'Warn', 'Log'] })).toEqual([
      'spec.validationActions[2]: Duplicate value: "Warn"',
      'spec.validationActions[3]: Unsupported value: "Log": supported values: "Audit", "Deny", "Warn"',
      'spec.validationActions: Invalid value: []admissionregistration.ValidationAction{"Deny", "Warn", "Warn", "Log"}: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)',
    ]);
  });

  it('validates paramRef', () => {
    expect(bindingErrors({ policyName: 'p', validationActions: ['Deny'], paramRef: {} })).toEqual([
      'spec.paramRef: Required value: one of name or selector must be specified',
      'spec.paramRef.parameterNotFoundAction: Required value',
    ]);
    expect(
      bindingErrors({ policyName: 'p', validationActions: ['Deny'], paramRef: { name: 'a', selector: {}, parameterNotFoundAction: 'Ignore' } }),
    ).toEqual([
      'spec.paramRef.name: Forbidden: name and selector are mutually exclusive',
      'spec.paramRef.selector: Forbidden: name and selector are mutually exclusive',
      'spec.paramRef.parameterNotFoundAction: Unsupported value: "Ignore": supported values: "Deny", "Allow"',
    ]);
  });

  it("reports matchResources errors under kube's spelling spec.matchResouces", () => {
    expect(bindingErrors({ policyName: 'p', validationActions: ['Deny'], matchResources: { namespaceSelector: {}, objectSelector: {} } })).toEqual([
      'spec.matchResouces.matchPolicy: Required value',
    ]);
  });
});
