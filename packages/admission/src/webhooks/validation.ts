/**
 * Validation of Validating- and MutatingWebhookConfigurations with kube's messages
 * (pkg/apis/admissionregistration/validation): fully qualified, unique webhook names; rules;
 * failurePolicy, matchPolicy, sideEffects (None or NoneOnDryRun in v1), timeoutSeconds 1..30,
 * selectors, reinvocationPolicy, exactly one of url (https) or service, match conditions and
 * admissionReviewVersions (v1 or v1beta1). Updates relax what the stored object already broke,
 * as kube does, so old objects stay editable.
 *
 * @example
 * validateWebhookConfiguration(obj, true);
 * // [{ field: 'webhooks[0].name', detail: 'should be a domain with at least three segments separated by dots', ... }]
 */
import {
  type ApiObject,
  type FieldError,
  fieldDuplicate,
  fieldInvalid,
  fieldNotSupported,
  fieldRequired,
  isDNS1123Subdomain,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
  isRecord,
} from '@apiserver-kit/core';
import {
  acceptedReviewVersions,
  asArray,
  hasInvalidSelectorValues,
  validateLabelSelector,
  validateMatchConditions,
  validateReviewVersions,
  validateRule,
  validateWebhookService,
  validateWebhookUrl,
} from './validation-parts.js';

interface Options {
  requireNoSideEffects: boolean;
  requireRecognizedReviewVersion: boolean;
  requireUniqueNames: boolean;
  allowInvalidLabelValueInSelector: boolean;
}

const strict: Options = {
  requireNoSideEffects: true,
  requireRecognizedReviewVersion: true,
  requireUniqueNames: true,
  allowInvalidLabelValueInSelector: false,
};

const failurePolicies = ['Fail', 'Ignore'];
const matchPolicies = ['Equivalent', 'Exact'];
const allSideEffects = ['None', 'NoneOnDryRun', 'Some', 'Unknown'];
const noSideEffects = ['None', 'NoneOnDryRun'];
const reinvocationPolicies = ['IfNeeded', 'Never'];

/** utilvalidation.IsFullyQualifiedName. */
function validateHookName(name: string, path: string): FieldError[] {
  if (name === '') return [fieldRequired(path, '')];
  const errs = isDNS1123Subdomain(name);
  if (errs.length) return [fieldInvalid(path, name, errs.join(','))];
  if (name.split('.').length < 3) return [fieldInvalid(path, name, 'should be a domain with at least three segments separated by dots')];
  return [];
}

function enumError(hook: Record<string, unknown>, key: string, path: string, allowed: string[]): FieldError[] {
  const v = hook[key];
  if (v === undefined || v === null) return [];
  return allowed.includes(v as string) ? [] : [fieldNotSupported(`${path}.${key}`, v, allowed)];
}

function validateWebhook(hook: Record<string, unknown>, mutating: boolean, opts: Options, path: string): FieldError[] {
  const errs = validateHookName(typeof hook.name === 'string' ? hook.name : '', `${path}.name`);
  asArray<unknown>(hook.rules).forEach((r, i) => errs.push(...validateRule(isRecord(r) ? r : {}, `${path}.rules[${i}]`)));
  errs.push(...enumError(hook, 'failurePolicy', path, failurePolicies));
  errs.push(...enumError(hook, 'matchPolicy', path, matchPolicies));
  const sideEffects = opts.requireNoSideEffects ? noSideEffects : allSideEffects;
  if (hook.sideEffects === undefined || hook.sideEffects === null)
    errs.push(fieldRequired(`${path}.sideEffects`, `must specify one of ${sideEffects.join(', ')}`));
  else errs.push(...enumError(hook, 'sideEffects', path, sideEffects));
  const timeout = hook.timeoutSeconds;
  if (typeof timeout === 'number' && (timeout > 30 || timeout < 1))
    errs.push(fieldInvalid(`${path}.timeoutSeconds`, timeout, 'the timeout value must be between 1 and 30 seconds'));
  for (const key of ['namespaceSelector', 'objectSelector'])
    if (isRecord(hook[key])) errs.push(...validateLabelSelector(hook[key], `${path}.${key}`, opts.allowInvalidLabelValueInSelector));
  if (mutating) errs.push(...enumError(hook, 'reinvocationPolicy', path, reinvocationPolicies));
  const cc = isRecord(hook.clientConfig) ? hook.clientConfig : {};
  const hasUrl = typeof cc.url === 'string';
  const hasService = isRecord(cc.service);
  if (hasUrl === hasService) errs.push(fieldRequired(`${path}.clientConfig`, 'exactly one of url or service is required'));
  else if (hasUrl) errs.push(...validateWebhookUrl(cc.url as string, `${path}.clientConfig.url`));
  else errs.push(...validateWebhookService(cc.service as Record<string, unknown>, `${path}.clientConfig.service`));
  errs.push(...validateMatchConditions(asArray<unknown>(hook.matchConditions), `${path}.matchConditions`));
  return errs;
}

function validateWith(obj: ApiObject, mutating: boolean, opts: Options): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: false, nameFn: nameIsDNSSubdomain });
  const names = new Set<string>();
  asArray<unknown>(obj.webhooks).forEach((h, i) => {
    const hook = isRecord(h) ? h : {};
    const path = `webhooks[${i}]`;
    errs.push(...validateWebhook(hook, mutating, opts, path));
    const versions = asArray<string>(hook.admissionReviewVersions);
    errs.push(...validateReviewVersions(versions, opts.requireRecognizedReviewVersion, `${path}.admissionReviewVersions`));
    const name = typeof hook.name === 'string' ? hook.name : '';
    if (opts.requireUniqueNames && name !== '') {
      if (names.has(name)) errs.push(fieldDuplicate(`${path}.name`, name));
      else names.add(name);
    }
  });
  return errs;
}

/** Validate a new configuration (`mutating` selects MutatingWebhookConfiguration's rules). */
export function validateWebhookConfiguration(obj: ApiObject, mutating: boolean): FieldError[] {
  return validateWith(obj, mutating, strict);
}

function hooksOf(obj: ApiObject): Record<string, unknown>[] {
  return asArray<unknown>(obj.webhooks).map((h) => (isRecord(h) ? h : {}));
}

/** Validate an update; checks the stored object already fails are relaxed, as in kube. */
export function validateWebhookConfigurationUpdate(obj: ApiObject, old: ApiObject, mutating: boolean): FieldError[] {
  const oldHooks = hooksOf(old);
  const oldNames = oldHooks.map((h) => h.name);
  const opts: Options = {
    requireNoSideEffects: oldHooks.every((h) => noSideEffects.includes(h.sideEffects as string)),
    requireRecognizedReviewVersion: oldHooks.every((h) => {
      const versions = asArray<string>(h.admissionReviewVersions);
      return versions.length === 0 || versions.some((v) => acceptedReviewVersions.includes(v));
    }),
    requireUniqueNames: new Set(oldNames).size === oldNames.length,
    allowInvalidLabelValueInSelector: oldHooks.some(
      (h) => hasInvalidSelectorValues(h.namespaceSelector) || hasInvalidSelectorValues(h.objectSelector),
    ),
  };
  return [...validateWith(obj, mutating, opts), ...validateObjectMetaUpdate(obj.metadata, old.metadata)];
}
