/**
 * kube's validation of ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding
 * (pkg/apis/admissionregistration/validation), including compiling every CEL expression:
 *
 *   spec.validations[0].expression: Invalid value: "1 +": compilation failed: ERROR: <input>:1:4: ...
 *
 * An update whose paramKind and matchConditions are unchanged does not recompile the match
 * conditions (kube's ignoreMatchConditions). A binding's matchResources errors are reported
 * under `spec.matchResouces`, kube's own spelling.
 *
 * @example
 * validatePolicy(engine, policy); // FieldError[]
 */
import {
  type ApiObject,
  type FieldError,
  fieldDuplicate,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  isQualifiedName,
  nameIsDNSSubdomain,
} from '@apiserver-kit/core';
import type { KubeCelEngine } from '../cel/engine.js';
import { validateMatchConditions } from '../webhooks/validation-parts.js';
import { compilePolicy } from './compile.js';
import type { ValidatingAdmissionPolicy } from './types.js';
import {
  asArray,
  isRecord,
  str,
  validateMatchResources,
  validateParamKind,
  validateParamRef,
  validateValidationActions,
} from './validation-parts.js';

const maxAuditAnnotations = 20;
const maxAuditAnnotationValueExpressionLength = 5 * 1024;
const celIdentifier = /^[_a-zA-Z][_a-zA-Z0-9]*$/;
const celReserved = new Set(
  'true false null in as break const continue else for function if import let loop package namespace return var void while'.split(' '),
);

function specOf(obj: ApiObject): Record<string, unknown> {
  return isRecord(obj.spec) ? obj.spec : {};
}

function compileErrors(errs: FieldError[], path: string, expression: string, error: string | undefined): void {
  if (error !== undefined) errs.push(fieldInvalid(path, expression, error));
}

export interface PolicyValidationOptions {
  /** Skip compiling matchConditions (an update that leaves them and paramKind unchanged). */
  ignoreMatchConditions?: boolean;
}

export function validatePolicy(engine: KubeCelEngine, obj: ApiObject, opts: PolicyValidationOptions = {}): FieldError[] {
  const errs: FieldError[] = [];
  const spec = specOf(obj);
  const compiled = compilePolicy(engine, obj as ValidatingAdmissionPolicy);
  if (spec.failurePolicy === undefined || spec.failurePolicy === null) errs.push(fieldRequired('spec.failurePolicy', ''));
  else if (spec.failurePolicy !== 'Fail' && spec.failurePolicy !== 'Ignore')
    errs.push(fieldNotSupported('spec.failurePolicy', spec.failurePolicy, ['Fail', 'Ignore']));
  if (isRecord(spec.paramKind)) errs.push(...validateParamKind(spec.paramKind, 'spec.paramKind'));
  if (!isRecord(spec.matchConstraints)) errs.push(fieldRequired('spec.matchConstraints', ''));
  else {
    errs.push(...validateMatchResources(spec.matchConstraints, 'spec.matchConstraints'));
    if (asArray(spec.matchConstraints.resourceRules).length === 0) errs.push(fieldRequired('spec.matchConstraints.resourceRules', ''));
  }
  if (!opts.ignoreMatchConditions) {
    const conditions = asArray<unknown>(spec.matchConditions);
    errs.push(...validateMatchConditions(conditions, 'spec.matchConditions'));
    compiled.matchConditions.forEach((c, i) => {
      if (c.expression !== '') compileErrors(errs, `spec.matchConditions[${i}].expression`, c.expression, c.error);
    });
  }
  compiled.variables.forEach((v, i) => {
    const p = `spec.variables[${i}]`;
    if (v.name.trim() === '') errs.push(fieldRequired(`${p}.name`, 'name is not specified'));
    else if (!celIdentifier.test(v.name) || celReserved.has(v.name)) errs.push(fieldInvalid(`${p}.name`, v.name, 'name is not a valid CEL identifier'));
    if (v.expression.trim() === '') errs.push(fieldRequired(`${p}.expression`, 'expression is not specified'));
    else compileErrors(errs, `${p}.expression`, v.expression, v.error);
  });
  if (compiled.validations.length === 0 && compiled.auditAnnotations.length === 0) {
    const detail = 'validations or auditAnnotations must contain at least one item';
    errs.push(fieldRequired('spec.validations', detail), fieldRequired('spec.auditAnnotations', detail));
    return errs;
  }
  compiled.validations.forEach(({ validation: v, condition, message }, i) => {
    const p = `spec.validations[${i}]`;
    if (condition.expression.trim() === '') errs.push(fieldRequired(`${p}.expression`, 'expression is not specified'));
    else compileErrors(errs, `${p}.expression`, condition.expression, condition.error);
    const messageExpression = str(v.messageExpression);
    if (messageExpression !== '' && messageExpression.trim() === '')
      errs.push(fieldInvalid(`${p}.messageExpression`, messageExpression, 'must be non-empty if specified'));
    else if (message) compileErrors(errs, `${p}.messageExpression`, message.expression, message.error);
    const msg = str(v.message);
    if (msg !== '' && msg.trim() === '') errs.push(fieldInvalid(`${p}.message`, msg, 'message must be non-empty if specified'));
    else if (/[\n\r]/.test(msg.trim())) errs.push(fieldInvalid(`${p}.message`, msg, 'message must not contain line breaks'));
    if (v.reason !== undefined && v.reason !== null && !['Forbidden', 'Invalid', 'RequestEntityTooLarge'].includes(v.reason))
      errs.push(fieldNotSupported(`${p}.reason`, v.reason, ['Forbidden', 'Invalid', 'RequestEntityTooLarge']));
  });
  if (compiled.auditAnnotations.length > maxAuditAnnotations) {
    errs.push({ type: 'FieldValueInvalid', field: 'spec.auditAnnotations', detail: `must not have more than ${maxAuditAnnotations} auditAnnotations` });
  }
  const keys = new Set<string>();
  const name = obj.metadata?.name ?? '';
  compiled.auditAnnotations.forEach((a, i) => {
    const p = `spec.auditAnnotations[${i}]`;
    if (name) for (const m of isQualifiedName(`${name}/${a.key}`)) errs.push(fieldInvalid(`${p}.key`, `${name}/${a.key}`, m));
    else errs.push(fieldInvalid(`${p}.key`, a.key, 'requires metadata.name be non-empty'));
    if (a.expression === '') errs.push(fieldRequired(`${p}.valueExpression`, 'valueExpression is not specified'));
    else if (a.expression.length > maxAuditAnnotationValueExpressionLength)
      errs.push(fieldRequired(`${p}.valueExpression`, `must not exceed ${maxAuditAnnotationValueExpressionLength} bytes in length`));
    else if (a.error !== undefined) {
      const raw = str(asArray<Record<string, unknown>>(spec.auditAnnotations)[i]?.valueExpression);
      errs.push(fieldInvalid(`${p}.valueExpression`, raw, a.error));
    }
    if (keys.has(a.key)) errs.push(fieldDuplicate(`${p}.key`, a.key));
    keys.add(a.key);
  });
  return errs;
}

export function validatePolicyUpdate(engine: KubeCelEngine, obj: ApiObject, old: ApiObject): FieldError[] {
  const spec = specOf(obj);
  const oldSpec = specOf(old);
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  return validatePolicy(engine, obj, {
    ignoreMatchConditions: same(spec.paramKind, oldSpec.paramKind) && same(spec.matchConditions, oldSpec.matchConditions),
  });
}

export function validateBinding(obj: ApiObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = specOf(obj);
  const policyName = str(spec.policyName);
  if (policyName === '') errs.push(fieldRequired('spec.policyName', ''));
  else for (const m of nameIsDNSSubdomain(policyName, false)) errs.push(fieldInvalid('spec.policyName', policyName, m));
  if (isRecord(spec.paramRef)) errs.push(...validateParamRef(spec.paramRef, 'spec.paramRef'));
  if (isRecord(spec.matchResources)) errs.push(...validateMatchResources(spec.matchResources, 'spec.matchResouces'));
  errs.push(...validateValidationActions(asArray<string>(spec.validationActions), 'spec.validationActions'));
  return errs;
}
