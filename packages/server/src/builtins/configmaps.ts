/**
 * core/v1 ConfigMap (shortName cm): data, binaryData (base64) and immutable. Keys must be
 * valid config keys and appear in only one of data and binaryData, the total size is at most
 * 1 MiB, and an immutable ConfigMap's data cannot change — all with kube's messages.
 *
 * @example
 * configMaps.strategy!.validate!(cm); // [{ field: 'data[bad key]', detail: "a valid config key must ..." }]
 */
import { z } from 'zod';
import {
  type ApiObject,
  type FieldError,
  defineResource,
  fieldForbidden,
  fieldInvalid,
  fieldTooLong,
  nameIsDNSSubdomain,
  utf8Length,
} from '@apiserver-kit/core';
import { ageColumn } from '../table/columns.js';
import { base64Schema, decodedLength, isConfigMapKey, maxSecretSize } from './data.js';
import { keyPath, kindSchema, mapField, opt, sameMap, validateMetaCreate, validateMetaUpdate } from './meta.js';

export const configMapSchema = kindSchema({
  data: opt(z.record(z.string(), z.string())),
  binaryData: opt(z.record(z.string(), base64Schema)),
  immutable: opt(z.boolean()),
});

const rules = { namespaced: true, nameFn: nameIsDNSSubdomain };

export function validateConfigMap(obj: ApiObject): FieldError[] {
  const errs = validateMetaCreate(obj, rules);
  const data = mapField(obj, 'data');
  const binaryData = mapField(obj, 'binaryData');
  let total = 0;
  for (const [key, value] of Object.entries(data)) {
    for (const m of isConfigMapKey(key)) errs.push(fieldInvalid(keyPath('data', key), key, m));
    if (Object.prototype.hasOwnProperty.call(binaryData, key))
      errs.push(fieldInvalid(keyPath('data', key), key, 'duplicate of key present in binaryData'));
    total += typeof value === 'string' ? utf8Length(value) : 0;
  }
  for (const [key, value] of Object.entries(binaryData)) {
    for (const m of isConfigMapKey(key)) errs.push(fieldInvalid(keyPath('binaryData', key), key, m));
    total += typeof value === 'string' ? decodedLength(value) : 0;
  }
  // kube reports the size against the whole object: an empty field path.
  if (total > maxSecretSize) errs.push(fieldTooLong('', maxSecretSize));
  return errs;
}

const immutableMsg = 'field is immutable when `immutable` is set';

export function validateConfigMapUpdate(obj: ApiObject, old: ApiObject): FieldError[] {
  const errs = validateMetaUpdate(obj, old);
  if (old.immutable === true) {
    if (obj.immutable !== true) errs.push(fieldForbidden('immutable', immutableMsg));
    if (!sameMap(obj.data, old.data)) errs.push(fieldForbidden('data', immutableMsg));
    if (!sameMap(obj.binaryData, old.binaryData)) errs.push(fieldForbidden('binaryData', immutableMsg));
  }
  errs.push(...validateConfigMap(obj));
  return errs;
}

export const configMaps = defineResource({
  group: '',
  versions: ['v1'],
  kind: 'ConfigMap',
  plural: 'configmaps',
  singular: 'configmap',
  shortNames: ['cm'],
  namespaced: true,
  schema: configMapSchema,
  printerColumns: [
    {
      name: 'Data',
      type: 'string',
      description:
        "Data contains the configuration data. Each key must consist of alphanumeric characters, '-', '_' or '.'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.",
      value: (o) => Object.keys(mapField(o, 'data')).length + Object.keys(mapField(o, 'binaryData')).length,
    },
    ageColumn,
  ],
  strategy: {
    validate: validateConfigMap,
    validateUpdate: validateConfigMapUpdate,
  },
});
