/**
 * kube's AlwaysAdmit and AlwaysDeny plugins (deprecated there, handy for tests and for
 * switching a server read-only): AlwaysDeny refuses every write in both phases with
 * `<resource> "<name>" is forbidden: admission control is denying all modifications`.
 *
 * @example
 * createApiServer({ storage, admission: { validating: [alwaysDeny()] } });
 */
import type { MutatingPlugin, ValidatingPlugin } from '@apiserver-kit/core';
import { admissionForbidden } from './forbidden.js';

export function alwaysAdmit(): MutatingPlugin & ValidatingPlugin {
  return { name: 'AlwaysAdmit', admit: async () => {}, validate: async () => {} };
}

export function alwaysDeny(): MutatingPlugin & ValidatingPlugin {
  const deny = async (a: Parameters<MutatingPlugin['admit']>[0]) => {
    throw admissionForbidden(a, 'admission control is denying all modifications');
  };
  return { name: 'AlwaysDeny', admit: deny, validate: deny };
}
