/**
 * core/v1 ServiceAccount (shortName sa). As kube-apiserver: the name is a DNS subdomain and
 * references in `secrets` keep only their name on create and update.
 *
 * @example
 * serviceAccounts.strategy!.prepareForCreate!(sa); // secrets: [{ name: 'tok', uid: 'x' }] -> [{ name: 'tok' }]
 */
import { z } from 'zod';
import { type ApiObject, type FieldError, defineResource, nameIsDNSSubdomain } from '@apiserver-kit/core';
import { ageColumn } from '../table/columns.js';
import {
  kindSchema,
  localObjectReferenceSchema,
  objectReferenceSchema,
  opt,
  validateMetaCreate,
  validateMetaUpdate,
} from './meta.js';

export const serviceAccountSchema = kindSchema({
  secrets: opt(z.array(objectReferenceSchema)),
  imagePullSecrets: opt(z.array(localObjectReferenceSchema)),
  automountServiceAccountToken: opt(z.boolean()),
});

const rules = { namespaced: true, nameFn: nameIsDNSSubdomain };

export function validateServiceAccount(obj: ApiObject): FieldError[] {
  return validateMetaCreate(obj, rules);
}

export function validateServiceAccountUpdate(obj: ApiObject, old: ApiObject): FieldError[] {
  return [...validateMetaUpdate(obj, old), ...validateServiceAccount(obj)];
}

/** kube's cleanSecretReferences: a secret reference keeps only its name. */
function cleanSecretReferences(obj: ApiObject): void {
  if (!Array.isArray(obj.secrets)) return;
  obj.secrets = (obj.secrets as Array<{ name?: string } | null>).map((s) => (s?.name ? { name: s.name } : {}));
}

function secretCount(obj: ApiObject): number {
  return Array.isArray(obj.secrets) ? obj.secrets.length : 0;
}

export const serviceAccounts = defineResource({
  group: '',
  versions: ['v1'],
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  singular: 'serviceaccount',
  shortNames: ['sa'],
  namespaced: true,
  schema: serviceAccountSchema,
  mergeKeys: { secrets: 'name' },
  printerColumns: [
    {
      name: 'Secrets',
      type: 'string',
      description:
        'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use. Pods are only limited to this list if this service account has a "kubernetes.io/enforce-mountable-secrets" annotation set to "true". The "kubernetes.io/enforce-mountable-secrets" annotation is deprecated since v1.32. Prefer separate namespaces to isolate access to mounted secrets. This field should not be used to find auto-generated service account token secrets for use outside of pods. Instead, tokens can be requested directly using the TokenRequest API, or service account token secrets can be manually created. More info: https://kubernetes.io/docs/concepts/configuration/secret',
      value: secretCount,
    },
    ageColumn,
  ],
  strategy: {
    prepareForCreate: cleanSecretReferences,
    prepareForUpdate: (obj) => cleanSecretReferences(obj),
    validate: validateServiceAccount,
    validateUpdate: validateServiceAccountUpdate,
  },
});
