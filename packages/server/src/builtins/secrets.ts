/**
 * core/v1 Secret. As kube-apiserver: `stringData` is merged into `data` (base64) on every
 * write and never stored, `type` defaults to Opaque and cannot change, keys are config keys,
 * the data is at most 1 MiB, each well-known type requires its keys, and an immutable
 * Secret's data cannot change. Field selector: `type`.
 *
 * @example
 * const s = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, stringData: { user: 'me' } };
 * secrets.strategy!.defaults!(s); // s.data = { user: 'bWU=' }, s.type = 'Opaque', no stringData
 */
import { z } from 'zod';
import {
  type ApiObject,
  type FieldError,
  defineResource,
  fieldForbidden,
  fieldImmutableErrorMsg,
  fieldInvalid,
  fieldRequired,
  fieldTooLong,
  nameIsDNSSubdomain,
} from '@apiserver-kit/core';
import { ageColumn } from '../table/columns.js';
import { base64Error, base64Schema, decodeBase64, decodedLength, encodeBase64, isConfigMapKey, maxSecretSize } from './data.js';
import { keyPath, kindSchema, mapField, opt, sameMap, validateMetaCreate, validateMetaUpdate } from './meta.js';

export const secretTypes = {
  opaque: 'Opaque',
  serviceAccountToken: 'kubernetes.io/service-account-token',
  dockercfg: 'kubernetes.io/dockercfg',
  dockerConfigJson: 'kubernetes.io/dockerconfigjson',
  basicAuth: 'kubernetes.io/basic-auth',
  sshAuth: 'kubernetes.io/ssh-auth',
  tls: 'kubernetes.io/tls',
  bootstrapToken: 'bootstrap.kubernetes.io/token',
} as const;

export const secretSchema = kindSchema({
  data: opt(z.record(z.string(), base64Schema)),
  stringData: opt(z.record(z.string(), z.string())),
  type: opt(z.string()),
  immutable: opt(z.boolean()),
});

const rules = { namespaced: true, nameFn: nameIsDNSSubdomain };

/** What Go's json.Unmarshal into map[string]interface{} reports for `text`, or undefined when it decodes. */
function jsonObjectError(text: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const first = text.trim()[0];
    if (first === undefined) return 'unexpected end of JSON input';
    if (!'{["-0123456789tfn'.includes(first)) return `invalid character '${first}' looking for beginning of value`;
    return e instanceof Error ? e.message : String(e);
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return undefined;
  if (value === null) return undefined; // null leaves the map nil, no error
  const kind = Array.isArray(value) ? 'array' : typeof value === 'boolean' ? 'bool' : typeof value;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}

const redacted = '<secret contents redacted>';

function validateTypedKeys(type: string, data: Record<string, unknown>, obj: ApiObject): FieldError[] {
  const has = (k: string) => Object.prototype.hasOwnProperty.call(data, k);
  const dataKey = (k: string) => keyPath('data', k);
  const jsonKey = (k: string): FieldError[] => {
    if (!has(k)) return [fieldRequired(dataKey(k), '')];
    const v = data[k];
    const err = typeof v === 'string' && !base64Error(v) ? jsonObjectError(decodeBase64(v)) : undefined;
    return err ? [fieldInvalid(dataKey(k), redacted, err)] : [];
  };
  switch (type) {
    case secretTypes.serviceAccountToken:
      return obj.metadata.annotations?.['kubernetes.io/service-account.name']
        ? []
        : [fieldRequired(keyPath('metadata.annotations', 'kubernetes.io/service-account.name'), '')];
    case secretTypes.dockercfg:
      return jsonKey('.dockercfg');
    case secretTypes.dockerConfigJson:
      return jsonKey('.dockerconfigjson');
    case secretTypes.basicAuth:
      return has('username') || has('password') ? [] : [fieldRequired(dataKey('username'), ''), fieldRequired(dataKey('password'), '')];
    case secretTypes.sshAuth: {
      const key = data['ssh-privatekey'];
      return typeof key === 'string' && key.length > 0 ? [] : [fieldRequired(dataKey('ssh-privatekey'), '')];
    }
    case secretTypes.tls:
      return [
        ...(has('tls.crt') ? [] : [fieldRequired(dataKey('tls.crt'), '')]),
        ...(has('tls.key') ? [] : [fieldRequired(dataKey('tls.key'), '')]),
      ];
    default:
      return [];
  }
}

export function validateSecret(obj: ApiObject): FieldError[] {
  const errs = validateMetaCreate(obj, rules);
  const data = mapField(obj, 'data');
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const m of isConfigMapKey(key)) errs.push(fieldInvalid(keyPath('data', key), key, m));
    if (typeof value === 'string' && !base64Error(value)) total += decodedLength(value);
  }
  if (total > maxSecretSize) errs.push(fieldTooLong('data', maxSecretSize));
  errs.push(...validateTypedKeys(typeof obj.type === 'string' ? obj.type : '', data, obj));
  return errs;
}

const immutableMsg = 'field is immutable when `immutable` is set';

export function validateSecretUpdate(obj: ApiObject, old: ApiObject): FieldError[] {
  const errs = validateMetaUpdate(obj, old);
  if ((obj.type ?? '') !== (old.type ?? '')) errs.push(fieldInvalid('type', obj.type ?? '', fieldImmutableErrorMsg));
  if (old.immutable === true) {
    if (obj.immutable !== true) errs.push(fieldForbidden('immutable', immutableMsg));
    if (!sameMap(obj.data, old.data)) errs.push(fieldForbidden('data', immutableMsg));
  }
  errs.push(...validateSecret(obj));
  return errs;
}

/** kube's v1 -> internal conversion: stringData entries overwrite data entries, then stringData is dropped. */
export function mergeStringData(obj: ApiObject): void {
  const stringData = obj.stringData;
  delete obj.stringData;
  if (stringData === null || typeof stringData !== 'object') return;
  const entries = Object.entries(stringData as Record<string, unknown>);
  if (entries.length === 0) return;
  const data = { ...mapField(obj, 'data') };
  for (const [k, v] of entries) data[k] = encodeBase64(typeof v === 'string' ? v : '');
  obj.data = data;
}

export const secrets = defineResource({
  group: '',
  versions: ['v1'],
  kind: 'Secret',
  plural: 'secrets',
  singular: 'secret',
  namespaced: true,
  schema: secretSchema,
  printerColumns: [
    {
      name: 'Type',
      type: 'string',
      description: 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types',
      value: (o) => (typeof o.type === 'string' ? o.type : ''),
    },
    {
      name: 'Data',
      type: 'string',
      description:
        "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4",
      value: (o) => Object.keys(mapField(o, 'data')).length,
    },
    ageColumn,
  ],
  strategy: {
    defaults(obj) {
      mergeStringData(obj);
      if (!obj.type) obj.type = secretTypes.opaque;
    },
    validate: validateSecret,
    validateUpdate: validateSecretUpdate,
    selectableFields: (obj) => ({ type: typeof obj.type === 'string' ? obj.type : '' }),
  },
});
