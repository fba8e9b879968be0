/**
 * Kubernetes name, label and ObjectMeta validation with kube-apiserver's exact messages
 * (k8s.io/apimachinery/pkg/util/validation, api/validation/objectmeta.go and
 * api/validation/path, as of Kubernetes 1.32). String checks return `string[]` of messages;
 * ObjectMeta checks return `FieldError[]` with paths under `metadata`.
 *
 * @example
 * isDNS1123Subdomain('Bad_Name'); // ["a lowercase RFC 1123 subdomain must consist of ..."]
 * const errs = validateObjectMeta(obj.metadata, { namespaced: true, nameFn: nameIsDNSSubdomain });
 * if (errs.length) throw errors.invalid({ group: '', kind: 'ConfigMap' }, obj.metadata.name ?? '', errs);
 */
import type { ObjectMeta, OwnerReference } from './objects.js';
import { type FieldError, fieldForbidden, fieldInvalid, fieldRequired, fieldTooLong } from './field-errors.js';

/** The number of bytes of `s` in UTF-8 (Go's len()). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  const eg = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${eg}regex used for validation is '${fmt}')`;
}

export const emptyError = 'must be non-empty';

const qnameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qnameErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const qnameRe = new RegExp(`^${qnameFmt}$`);
const labelValueFmt = `(${qnameFmt})?`;
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueRe = new RegExp(`^${labelValueFmt}$`);
const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelRe = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123LabelErrMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1123SubdomainErrMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1035LabelRe = new RegExp(`^${dns1035LabelFmt}$`);
const dns1035LabelErrMsg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

/** A DNS (RFC 1123) label: at most 63 characters of [a-z0-9-], alphanumeric at both ends. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 63) errs.push(maxLenError(63));
  if (!dns1123LabelRe.test(value)) errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, 'my-name', '123-abc'));
  return errs;
}

/** A DNS (RFC 1123) subdomain: at most 253 characters, dot-separated DNS labels. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 253) errs.push(maxLenError(253));
  if (!dns1123SubdomainRe.test(value)) errs.push(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, 'example.com'));
  return errs;
}

/** A DNS (RFC 1035) label: like an RFC 1123 label but starting with a letter. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 63) errs.push(maxLenError(63));
  if (!dns1035LabelRe.test(value)) errs.push(regexError(dns1035LabelErrMsg, dns1035LabelFmt, 'my-name', 'abc-123'));
  return errs;
}

/** A qualified name (label key): an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0]!;
  } else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push(`prefix part ${emptyError}`);
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a qualified name ${regexError(qnameErrMsg, qnameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push(`name part ${emptyError}`);
  else if (utf8Length(name) > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!qnameRe.test(name)) errs.push(`name part ${regexError(qnameErrMsg, qnameFmt, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** A label value: empty, or at most 63 characters of [A-Za-z0-9_.-], alphanumeric at both ends. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 63) errs.push(maxLenError(63));
  if (!labelValueRe.test(value)) errs.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'));
  return errs;
}

/** Validates a name (or, with `prefix`, a generateName) and returns kube's messages. */
export type ValidateNameFunc = (name: string, prefix: boolean) => string[];

/** kube's maskTrailingDash: a generateName ending in '-' has its last two characters replaced by 'a'. */
function maskTrailingDash(name: string): string {
  return name.endsWith('-') ? `${name.slice(0, Math.max(0, name.length - 2))}a` : name;
}

export const nameIsDNSSubdomain: ValidateNameFunc = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);
export const nameIsDNSLabel: ValidateNameFunc = (name, prefix) => isDNS1123Label(prefix ? maskTrailingDash(name) : name);
export const nameIsDNS1035Label: ValidateNameFunc = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name);
/** Namespace names are DNS labels. */
export const validateNamespaceName: ValidateNameFunc = nameIsDNSLabel;

/** A name that can be a URL path segment: not "." or "..", no "/" or "%". */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return isValidPathSegmentPrefix(name);
}

export function isValidPathSegmentPrefix(name: string): string[] {
  const errs: string[] = [];
  for (const bad of ['/', '%']) if (name.includes(bad)) errs.push(`may not contain '${bad}'`);
  return errs;
}

/** The ValidateNameFunc for resources whose names only need to be path segments (kube's ValidatePathSegmentName). */
export const validatePathSegmentName: ValidateNameFunc = (name, prefix) =>
  prefix ? isValidPathSegmentPrefix(name) : isValidPathSegmentName(name);

export const fieldImmutableErrorMsg = 'field is immutable';
export const totalAnnotationSizeLimitB = 256 * 1024;

type StringMap = Readonly<Record<string, string>> | null | undefined;

export function validateLabels(labels: StringMap, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    for (const m of isQualifiedName(k)) errs.push(fieldInvalid(path, k, m));
    for (const m of isValidLabelValue(v)) errs.push(fieldInvalid(path, v, m));
  }
  return errs;
}

export function validateAnnotations(annotations: StringMap, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) {
    // kube: the rule is QualifiedName except that case does not matter.
    for (const m of isQualifiedName(k.toLowerCase())) errs.push(fieldInvalid(path, k, m));
    size += utf8Length(k) + utf8Length(v);
  }
  if (size > totalAnnotationSizeLimitB) errs.push(fieldTooLong(path, totalAnnotationSizeLimitB));
  return errs;
}

function groupVersion(apiVersion: string): { group: string; version: string } {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { group: '', version: '' };
}

export function validateOwnerReferences(refs: readonly OwnerReference[] | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs ?? []) {
    const gv = groupVersion(ref.apiVersion ?? '');
    if (!gv.version) errs.push(fieldInvalid(`${path}.apiVersion`, ref.apiVersion, 'version must not be empty'));
    if (!ref.kind) errs.push(fieldInvalid(`${path}.kind`, ref.kind, 'must not be empty'));
    if (!ref.name) errs.push(fieldInvalid(`${path}.name`, ref.name, 'must not be empty'));
    if (!ref.uid) errs.push(fieldInvalid(`${path}.uid`, ref.uid, 'must not be empty'));
    if (gv.group === '' && gv.version === 'v1' && ref.kind === 'Event')
      errs.push(fieldInvalid(path, ref, '/v1, Kind=Event is disallowed from being an owner'));
    if (ref.controller) {
      const cur = `${ref.kind}/${ref.name}`;
      if (firstController)
        errs.push(
          fieldInvalid(
            path,
            refs,
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${cur}`,
          ),
        );
      else firstController = cur;
    }
  }
  return errs;
}

export function validateFinalizers(finalizers: readonly string[] | null | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of finalizers ?? []) for (const m of isQualifiedName(f)) errs.push(fieldInvalid(path, f, m));
  if (finalizers?.includes('orphan') && finalizers.includes('foregroundDeletion'))
    errs.push(fieldInvalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'));
  return errs;
}

const isPrint = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function validateFieldManager(manager: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (utf8Length(manager) > 128) errs.push(fieldTooLong(path, 128));
  let pos = 0;
  for (const ch of manager) {
    if (!isPrint.test(ch)) {
      const hex = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
      errs.push(fieldInvalid(path, manager, `invalid character U+${hex} (at position ${pos})`));
    }
    pos += utf8Length(ch);
  }
  return errs;
}

function validateManagedFields(entries: ObjectMeta['managedFields'], path: string): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((e, i) => {
    const p = `${path}[${i}]`;
    if (e.operation !== 'Apply' && e.operation !== 'Update')
      errs.push(fieldInvalid(`${p}.operation`, e.operation ?? '', 'must be `Apply` or `Update`'));
    if (e.fieldsType && e.fieldsType !== 'FieldsV1') errs.push(fieldInvalid(`${p}.fieldsType`, e.fieldsType, 'must be `FieldsV1`'));
    errs.push(...validateFieldManager(e.manager ?? '', `${p}.manager`));
    if (utf8Length(e.subresource ?? '') > 256) errs.push(fieldTooLong(`${p}.subresource`, 256));
  });
  return errs;
}

function validateMetaCommon(meta: ObjectMeta, namespaced: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const ns = meta.namespace ?? '';
  if (namespaced) {
    if (!ns) errs.push(fieldRequired('metadata.namespace', ''));
    else for (const m of validateNamespaceName(ns, false)) errs.push(fieldInvalid('metadata.namespace', ns, m));
  } else if (ns) {
    errs.push(fieldForbidden('metadata.namespace', 'not allowed on this type'));
  }
  if ((meta.generation ?? 0) < 0)
    errs.push(fieldInvalid('metadata.generation', meta.generation, 'must be greater than or equal to 0'));
  errs.push(...validateLabels(meta.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(meta.annotations, 'metadata.annotations'));
  errs.push(...validateOwnerReferences(meta.ownerReferences, 'metadata.ownerReferences'));
  errs.push(...validateFinalizers(meta.finalizers, 'metadata.finalizers'));
  errs.push(...validateManagedFields(meta.managedFields, 'metadata.managedFields'));
  return errs;
}

export interface ObjectMetaValidationOptions {
  /** True for namespaced resources: the namespace is then required, otherwise forbidden. */
  namespaced: boolean;
  nameFn: ValidateNameFunc;
}

/**
 * Validate metadata on create (kube's ValidateObjectMeta). Expects name generation to have
 * happened already; a generateName is validated as a prefix with `nameFn(generateName, true)`.
 */
export function validateObjectMeta(meta: ObjectMeta, opts: ObjectMetaValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const gen = meta.generateName ?? '';
  if (gen) for (const m of opts.nameFn(gen, true)) errs.push(fieldInvalid('metadata.generateName', gen, m));
  const name = meta.name ?? '';
  if (!name) errs.push(fieldRequired('metadata.name', 'name or generateName is required'));
  else for (const m of opts.nameFn(name, false)) errs.push(fieldInvalid('metadata.name', name, m));
  return errs.concat(validateMetaCommon(meta, opts.namespaced));
}

function immutable(field: string, newVal: unknown, oldVal: unknown): FieldError[] {
  return newVal === oldVal ? [] : [fieldInvalid(field, newVal, fieldImmutableErrorMsg)];
}

/**
 * Validate metadata on update (kube's ValidateObjectMetaUpdate): name, namespace, uid,
 * creationTimestamp, deletionTimestamp and deletionGracePeriodSeconds are immutable, the
 * resourceVersion must be set, generation may not decrease, no finalizer may be added to an
 * object being deleted; labels, annotations, owner references and managed fields are re-checked.
 */
export function validateObjectMetaUpdate(newMeta: ObjectMeta, oldMeta: ObjectMeta): FieldError[] {
  const errs: FieldError[] = [];
  if (oldMeta.deletionTimestamp) {
    const old = new Set(oldMeta.finalizers ?? []);
    const extra = [...new Set(newMeta.finalizers ?? [])].filter((f) => !old.has(f)).sort();
    if (extra.length)
      errs.push(
        fieldForbidden(
          'metadata.finalizers',
          `no new finalizers can be added if the object is being deleted, found new finalizers []string{${extra.map((f) => JSON.stringify(f)).join(', ')}}`,
        ),
      );
  }
  if (!newMeta.resourceVersion)
    errs.push(fieldInvalid('metadata.resourceVersion', newMeta.resourceVersion ?? '', 'must be specified for an update'));
  if ((newMeta.generation ?? 0) < (oldMeta.generation ?? 0))
    errs.push(fieldInvalid('metadata.generation', newMeta.generation ?? 0, 'must not be decremented'));
  errs.push(...immutable('metadata.name', newMeta.name ?? '', oldMeta.name ?? ''));
  errs.push(...immutable('metadata.namespace', newMeta.namespace ?? '', oldMeta.namespace ?? ''));
  errs.push(...immutable('metadata.uid', newMeta.uid ?? '', oldMeta.uid ?? ''));
  errs.push(...immutable('metadata.creationTimestamp', newMeta.creationTimestamp ?? null, oldMeta.creationTimestamp ?? null));
  errs.push(...immutable('metadata.deletionTimestamp', newMeta.deletionTimestamp ?? null, oldMeta.deletionTimestamp ?? null));
  errs.push(
    ...immutable(
      'metadata.deletionGracePeriodSeconds',
      newMeta.deletionGracePeriodSeconds ?? null,
      oldMeta.deletionGracePeriodSeconds ?? null,
    ),
  );
  errs.push(...validateLabels(newMeta.labels, 'metadata.labels'));
  errs.push(...validateAnnotations(newMeta.annotations, 'metadata.annotations'));
  errs.push(...validateOwnerReferences(newMeta.ownerReferences, 'metadata.ownerReferences'));
  errs.push(...validateManagedFields(newMeta.managedFields, 'metadata.managedFields'));
  return errs;
}
