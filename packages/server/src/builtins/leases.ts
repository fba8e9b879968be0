/**
 * coordination.k8s.io/v1 Lease: leader election and node heartbeats. Columns NAME HOLDER AGE;
 * kube's ValidateLease (positive duration, non-negative transitions, a known or qualified
 * strategy, preferredHolder only with a strategy).
 *
 * @example
 * import { leases } from './builtins/leases.js';
 * leases.strategy!.validate!(lease); // [] or field errors under spec.*
 */
import { z } from 'zod';
import {
  type ApiObject,
  type FieldError,
  defineResource,
  fieldForbidden,
  fieldInvalid,
  fieldNotSupported,
  isQualifiedName,
  nameIsDNSSubdomain,
} from '@apiserver-kit/core';
import { ageColumn } from '../table/columns.js';
import { int32Schema, kindSchema, opt, timeSchema, validateMetaCreate, validateMetaUpdate } from './meta.js';

export const leaseSchema = kindSchema({
  spec: opt(
    z.strictObject({
      holderIdentity: opt(z.string()),
      leaseDurationSeconds: opt(int32Schema),
      acquireTime: opt(timeSchema),
      renewTime: opt(timeSchema),
      leaseTransitions: opt(int32Schema),
      strategy: opt(z.string()),
      preferredHolder: opt(z.string()),
    }),
  ),
});

interface LeaseSpec {
  holderIdentity?: string | null;
  leaseDurationSeconds?: number | null;
  leaseTransitions?: number | null;
  strategy?: string | null;
  preferredHolder?: string | null;
}

const specOf = (obj: ApiObject): LeaseSpec => (obj.spec as LeaseSpec | null | undefined) ?? {};

const rules = { namespaced: true, nameFn: nameIsDNSSubdomain };
const validLeaseStrategies = ['OldestEmulationVersion'];

/** kube's ValidateCoordinatedLeaseStrategy (its error path repeats `strategy`, as kube's does). */
function validateStrategy(strategy: string, path: string): FieldError[] {
  if (strategy.split('/').length === 1) {
    return validLeaseStrategies.includes(strategy) ? [] : [fieldNotSupported(`${path}.strategy`, strategy, validLeaseStrategies)];
  }
  return isQualifiedName(strategy).map((m) => fieldInvalid(`${path}.strategy`, strategy, m));
}

export function validateLeaseSpec(obj: ApiObject): FieldError[] {
  const spec = specOf(obj);
  const errs: FieldError[] = [];
  if (typeof spec.leaseDurationSeconds === 'number' && spec.leaseDurationSeconds <= 0)
    errs.push(fieldInvalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  if (typeof spec.leaseTransitions === 'number' && spec.leaseTransitions < 0)
    errs.push(fieldInvalid('spec.leaseTransitions', spec.leaseTransitions, 'must be greater than or equal to 0'));
  if (typeof spec.strategy === 'string') errs.push(...validateStrategy(spec.strategy, 'spec.strategy'));
  if (spec.preferredHolder && !spec.strategy)
    errs.push(fieldForbidden('spec.preferredHolder', 'may only be specified if `strategy` is defined'));
  return errs;
}

export function validateLease(obj: ApiObject): FieldError[] {
  return [...validateMetaCreate(obj, rules), ...validateLeaseSpec(obj)];
}

export function validateLeaseUpdate(obj: ApiObject, old: ApiObject): FieldError[] {
  return [...validateMetaUpdate(obj, old), ...validateLeaseSpec(obj)];
}

export const leases = defineResource({
  group: 'coordination.k8s.io',
  versions: ['v1'],
  kind: 'Lease',
  plural: 'leases',
  singular: 'lease',
  namespaced: true,
  schema: leaseSchema,
  printerColumns: [
    {
      name: 'Holder',
      type: 'string',
      description:
        'holderIdentity contains the identity of the holder of a current lease. If Coordinated Leader Election is used, the holder identity must be equal to the elected LeaseCandidate.metadata.name field.',
      value: (o) => specOf(o).holderIdentity ?? '',
    },
    ageColumn,
  ],
  strategy: {
    validate: validateLease,
    validateUpdate: validateLeaseUpdate,
  },
});
