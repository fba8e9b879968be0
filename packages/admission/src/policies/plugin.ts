/**
 * `validatingAdmissionPolicy({ engine, source })`: the ValidatingAdmissionPolicy admission
 * plugin (kube's validating dispatcher). For every policy whose matchConstraints select the
 * request, every binding of it whose matchResources select it, and every param of the binding,
 * the policy is evaluated; each failed validation is acted on per the binding's
 * validationActions:
 *
 *   Deny   the request fails; the first denial is the error, with kube's text and the
 *          validation's reason (Invalid 422 by default, Forbidden 403, RequestEntityTooLarge 413):
 *          `deployments.apps "web" is forbidden: ValidatingAdmissionPolicy 'p' with binding 'b' denied request: <message>`
 *   Warn   `Validation failed for ValidatingAdmissionPolicy 'p' with binding 'b': <message>` joins attrs.warnings
 *   Audit  the `validation.policy.admission.k8s.io/validation_failure` audit annotation, via onAuditAnnotation
 *
 * Configuration errors (a param that is missing with parameterNotFoundAction Deny, an unknown
 * paramKind, a namespace that does not exist) deny unless the policy's failurePolicy is Ignore.
 * Admission configuration resources themselves are never subject to policies.
 *
 * @example
 * const plugin = validatingAdmissionPolicy({ engine: createCelEngine(), source: memoryPolicySource({ policies, bindings }) });
 * await plugin.validate(attrs); // throws a StatusError on denial
 */
import {
  type AdmissionAttributes,
  type ApiObject,
  type StatusReason,
  StatusError,
  type ValidatingPlugin,
  errors,
} from '@apiserver-kit/core';
import type { KubeCelEngine } from '../cel/engine.js';
import { toCel } from '../cel/values.js';
import { admissionForbidden } from '../plugins/forbidden.js';
import { isExemptConfigurationResource } from '../webhooks/matching.js';
import { type CompiledPolicy, compilePolicy } from './compile.js';
import { type MatchContext, type MatchedResource, matchResources } from './matching.js';
import { collectParams, unknownParamKindMessage } from './params.js';
import { celNamespaceObject, celRequest } from './request.js';
import type { PolicySource } from './source.js';
import type { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from './types.js';
import { validateInvocation } from './validator.js';

export const validatingAdmissionPolicyPluginName = 'ValidatingAdmissionPolicy';
export const validationFailureAnnotationKey = 'validation.policy.admission.k8s.io/validation_failure';
const maxAuditAnnotationValueLength = 10 * 1024;

export interface ValidatingAdmissionPolicyOptions {
  engine: KubeCelEngine;
  source: PolicySource;
  /** Resources serving the same objects under other groups or versions (matchPolicy Equivalent). */
  equivalentResources?: MatchContext['equivalentResources'];
  /** Receives audit annotations: Audit validation failures and the policies' auditAnnotations (`<policy>/<key>`). */
  onAuditAnnotation?(key: string, value: string, attrs: AdmissionAttributes): void;
  /** Cost budget of one policy evaluation (kube's RuntimeCELCostBudget, 10,000,000). */
  costBudget?: number;
}

interface Denial {
  policy: string;
  binding?: string;
  message: string;
  reason?: string;
}

const reasonCodes: Record<string, number> = { Forbidden: 403, Invalid: 422, RequestEntityTooLarge: 413 };

function denialError(attrs: AdmissionAttributes, d: Denial): StatusError {
  const message = d.binding
    ? `ValidatingAdmissionPolicy '${d.policy}' with binding '${d.binding}' denied request: ${d.message}`
    : `ValidatingAdmissionPolicy '${d.policy}' denied request: ${d.message}`;
  const { status } = admissionForbidden(attrs, message);
  const reason = (d.reason || 'Invalid') as StatusReason;
  const details = { ...(status.details ?? {}), causes: [...(status.details?.causes ?? []), { message }] };
  return new StatusError({ ...status, reason, code: reasonCodes[reason] ?? 500, details });
}

export function validatingAdmissionPolicy(options: ValidatingAdmissionPolicyOptions): ValidatingPlugin {
  const { engine, source } = options;
  const compiledCache = new WeakMap<ValidatingAdmissionPolicy, CompiledPolicy>();
  const compiled = (p: ValidatingAdmissionPolicy) => {
    let c = compiledCache.get(p);
    if (!c) compiledCache.set(p, (c = compilePolicy(engine, p)));
    return c;
  };
  const ctx: MatchContext = {
    getNamespace: (name) => source.getNamespace(name),
    ...(options.equivalentResources ? { equivalentResources: options.equivalentResources } : {}),
  };

  async function validate(attrs: AdmissionAttributes): Promise<void> {
    if (isExemptConfigurationResource(attrs)) return;
    if (source.ready && !source.ready()) throw admissionForbidden(attrs, 'not yet ready to handle request');
    const [policies, allBindings] = await Promise.all([source.policies(), source.bindings()]);
    const byPolicy = new Map<string, ValidatingAdmissionPolicyBinding[]>();
    for (const b of allBindings) {
      const name = b.spec?.policyName ?? '';
      byPolicy.set(name, [...(byPolicy.get(name) ?? []), b]);
    }
    const denials: Denial[] = [];
    const objects = { object: toCel(attrs.object ?? null), oldObject: toCel(attrs.oldObject ?? null) };
    let namespaceObject: unknown;

    for (const policy of [...policies].sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))) {
      const policyName = policy.metadata.name ?? '';
      const bindings = (byPolicy.get(policyName) ?? []).sort((a, b) => (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''));
      if (bindings.length === 0) continue;
      const failClosed = (policy.spec.failurePolicy ?? 'Fail') !== 'Ignore';
      const configError = (err: unknown, binding?: ValidatingAdmissionPolicyBinding) => {
        const text = err instanceof Error ? err.message : String(err);
        const message = `failed to configure ${binding ? 'binding' : 'policy'}: ${text}`;
        if (failClosed) denials.push({ policy: policyName, binding: binding?.metadata.name, message });
      };
      let matched: MatchedResource | undefined;
      try {
        matched = await matchResources(policy.spec.matchConstraints, attrs, ctx, false);
      } catch (err) {
        configError(err);
        continue;
      }
      if (!matched) continue;
      const pk = policy.spec.paramKind;
      if (pk && (await source.paramScope({ apiVersion: pk.apiVersion ?? '', kind: pk.kind ?? '' })) === undefined) {
        configError(unknownParamKindMessage({ apiVersion: pk.apiVersion ?? '', kind: pk.kind ?? '' }));
        continue;
      }
      const program = compiled(policy);
      const annotations = new Map<string, string[]>();
      for (const binding of bindings) {
        const bindingName = binding.metadata.name ?? '';
        let params: Array<ApiObject | null>;
        try {
          if (!(await matchResources(binding.spec.matchResources, attrs, ctx, true))) continue;
          params = await collectParams(policy, binding, attrs.namespace, source);
        } catch (err) {
          configError(err, binding);
          continue;
        }
        if (namespaceObject === undefined) namespaceObject = toCel(await requestNamespace(attrs, source));
        const request = toCel(celRequest(attrs, matched));
        for (const param of params) {
          const values = { ...objects, request, params: toCel(param), namespaceObject };
          const result = validateInvocation(engine, program, values, options.costBudget);
          result.decisions.forEach((d, index) => {
            if (d.action !== 'deny') return;
            const actions = binding.spec.validationActions ?? [];
            for (const action of actions) {
              if (action === 'Deny') denials.push({ policy: policyName, binding: bindingName, message: d.message, reason: d.reason });
              else if (action === 'Warn') {
                const warning = `Validation failed for ValidatingAdmissionPolicy '${policyName}' with binding '${bindingName}': ${d.message}`;
                (attrs.warnings ??= []).push(warning);
              } else if (action === 'Audit') {
                // kube's ValidationFailureValue, fields in its JSON order
                const failure = { message: d.message, policy: binding.spec.policyName, binding: bindingName, expressionIndex: index, validationActions: actions };
                options.onAuditAnnotation?.(validationFailureAnnotationKey, JSON.stringify([failure]), attrs);
              }
            }
          });
          for (const a of result.auditAnnotations) {
            if (a.action === 'publish') {
              const values = annotations.get(a.key) ?? [];
              const value = a.value!.slice(0, maxAuditAnnotationValueLength);
              if (!values.includes(value)) annotations.set(a.key, [...values, value]);
            } else if (a.action === 'error') denials.push({ policy: policyName, binding: bindingName, message: a.error ?? '' });
          }
        }
      }
      for (const [key, values] of annotations) options.onAuditAnnotation?.(`${policyName}/${key}`, values.join(', '), attrs);
    }
    if (denials.length > 0) throw denialError(attrs, denials[0]!);
  }

  return { name: validatingAdmissionPolicyPluginName, validate };
}

/** The request's namespace object; none for cluster-scoped requests and for namespaces themselves. */
async function requestNamespace(attrs: AdmissionAttributes, source: PolicySource): Promise<Record<string, unknown> | null> {
  const isNamespace = attrs.kind.group === '' && attrs.kind.version === 'v1' && attrs.kind.kind === 'Namespace';
  if (isNamespace || attrs.namespace === '') return null;
  const ns = await source.getNamespace(attrs.namespace);
  if (!ns) throw errors.notFound({ group: '', resource: 'namespaces' }, attrs.namespace);
  return celNamespaceObject(ns);
}
