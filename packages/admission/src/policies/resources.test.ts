import { describe, expect, it } from 'vitest';
import type { ApiObject } from '@apiserver-kit/core';
import { createCelEngine } from '../cel/engine.js';
import { defaultBinding, defaultPolicy } from './defaults.js';
import { goLabelSelectorString, humanDuration } from './printers.js';
import { admissionPolicyResources } from './resources.js';
import { validatingAdmissionPolicyBindingSchema, validatingAdmissionPolicySchema } from './schemas.js';
import { binding, policy } from './testdata/fixtures.js';

const [policies, bindings] = admissionPolicyResources({ engine: createCelEngine() });
const now = new Date('2024-01-01T01:00:00Z');
const cells = (def: typeof policies, obj: ApiObject) => def!.printerColumns!.map((c) => c.value(obj, now));

describe('admissionPolicyResources', () => {
  it('serves both kinds cluster-scoped in admissionregistration.k8s.io/v1, category api-extensions', () => {
    expect([policies!.plural, policies!.namespaced, policies!.categories, policies!.subresources]).toEqual([
      'validatingadmissionpolicies',
      false,
      ['api-extensions'],
      { status: true },
    ]);
    expect([bindings!.plural, bindings!.group, bindings!.versions]).toEqual(['validatingadmissionpolicybindings', 'admissionregistration.k8s.io', ['v1']]);
  });

  it('prints NAME VALIDATIONS PARAMKIND AGE for policies', () => {
    expect(policies!.printerColumns!.map((c) => c.name)).toEqual(['Validations', 'ParamKind', 'Age']);
    const p = policy('p', { validations: [{ expression: 'true' }, { expression: 'false' }] });
    p.metadata.creationTimestamp = '2024-01-01T00:00:00Z';
    expect(cells(policies, p)).toEqual([2, '<unset>', '60m']);
    p.spec.paramKind = { apiVersion: 'v1', kind: 'ConfigMap' };
    expect(cells(policies, p)[1]).toBe('v1/ConfigMap');
  });

  it('prints NAME POLICYNAME PARAMREF AGE for bindings', () => {
    expect(bindings!.printerColumns!.map((c) => c.name)).toEqual(['PolicyName', 'ParamRef', 'Age']);
    const b = binding('b', 'p');
    expect(cells(bindings, b).slice(0, 2)).toEqual(['p', '<unset>']);
    b.spec.paramRef = { name: 'limits', parameterNotFoundAction: 'Deny' };
    expect(cells(bindings, b)[1]).toBe('*/limits');
    b.spec.paramRef.namespace = 'team-a';
    expect(cells(bindings, b)[1]).toBe('team-a/limits');
    b.spec.paramRef = { selector: { matchLabels: { b: '2', a: '1' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['x', 'y'] }] } };
    expect(cells(bindings, b)[1]).toBe(
      '&LabelSelector{MatchLabels:map[string]string{a: 1,b: 2,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:env,Operator:In,Values:[x y],},},}',
    );
  });

  it('starts a policy without status and keeps status on main-resource updates', () => {
    const p = policy('p') as ApiObject;
    p.status = { observedGeneration: 3 };
    policies!.strategy!.prepareForCreate!(p);
    expect(p.status).toBeUndefined();
    const next = policy('p') as ApiObject;
    next.status = { observedGeneration: 9 };
    policies!.strategy!.prepareForUpdate!(next, { ...p, status: { observedGeneration: 4 } });
    expect(next.status).toEqual({ observedGeneration: 4 });
  });

  it('validates through the definition', () => {
    const p = policy('p', { validations: [{ expression: '1 +' }] });
    expect(policies!.strategy!.validate!(p).map((e) => e.field)).toEqual(['spec.validations[0].expression']);
    expect(bindings!.strategy!.validate!(binding('b', ''))).toHaveLength(1);
  });
});

describe('schemas and defaults', () => {
  it('reports unknown fields and accepts nulls', () => {
    const p = policy('p', { validations: [{ expression: 'true' }] }) as unknown as Record<string, unknown>;
    expect(validatingAdmissionPolicySchema.safeParse(p).success).toBe(true);
    expect(validatingAdmissionPolicySchema.safeParse({ ...p, spec: { ...(p.spec as object), bogus: 1 } }).success).toBe(false);
    const b = binding('b', 'p') as unknown as Record<string, unknown>;
    expect(validatingAdmissionPolicyBindingSchema.safeParse({ ...b, spec: { ...(b.spec as object), paramRef: null } }).success).toBe(true);
  });

  it("applies kube's v1 defaults", () => {
    const p: ApiObject = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'ValidatingAdmissionPolicy',
      metadata: { name: 'p' },
      spec: { matchConstraints: { resourceRules: [{ operations: ['*'] }], excludeResourceRules: [{}] } },
    };
    defaultPolicy(p);
    expect(p.spec).toEqual({
      failurePolicy: 'Fail',
      matchConstraints: {
        matchPolicy: 'Equivalent',
        namespaceSelector: {},
        objectSelector: {},
        resourceRules: [{ operations: ['*'], scope: '*' }],
        excludeResourceRules: [{ scope: '*' }],
      },
    });
    const b: ApiObject = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicyBinding', metadata: { name: 'b' }, spec: { policyName: 'p' } };
    defaultBinding(b);
    expect(b.spec).toEqual({ policyName: 'p' });
  });

  it('prints ages as kubectl does', () => {
    expect([humanDuration(45_000), humanDuration(190_000), humanDuration(3 * 86_400_000 + 3_600_000)]).toEqual(['45s', '3m10s', '3d1h']);
  });

  it('prints an empty selector as Go does', () => {
    expect(goLabelSelectorString({})).toBe('&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}');
  });
});
