import { describe, expect, it } from 'vitest';
import type { AdmissionAttributes, ApiObject, StatusError } from '@apiserver-kit/core';
import { createCelEngine } from '../cel/engine.js';
import { admissionAttributes } from '../testing/index.js';
import { validatingAdmissionPolicy, validationFailureAnnotationKey } from './plugin.js';
import { type MemoryPolicySourceInit, memoryPolicySource } from './source.js';
import { binding, configMap, deployment, namespace, policy } from './testdata/fixtures.js';
import type { ValidatingAdmissionPolicy, ValidatingAdmissionPolicyBinding } from './types.js';

const engine = createCelEngine();
const defaultNamespaces = [namespace('default', { env: 'prod' }), namespace('dev', { env: 'dev' })];

function setup(init: MemoryPolicySourceInit, extra: { costBudget?: number } = {}) {
  const audit: Array<[string, string]> = [];
  const source = memoryPolicySource({ namespaces: defaultNamespaces, ...init });
  const plugin = validatingAdmissionPolicy({
    engine,
    source,
    onAuditAnnotation: (key, value) => audit.push([key, value]),
    ...extra,
  });
  return { plugin, audit, source };
}

async function rejection(p: Promise<void>): Promise<StatusError> {
  try {
    await p;
  } catch (err) {
    return err as StatusError;
  }
  throw new Error('admitted');
}

const maxReplicas = (spec: Partial<ValidatingAdmissionPolicy['spec']> = {}) =>
  policy('max-replicas', { validations: [{ expression: 'object.spec.replicas <= 5' }], ...spec });
const denyBinding = (spec: Partial<ValidatingAdmissionPolicyBinding['spec']> = {}) => binding('max-replicas-binding', 'max-replicas', spec);
const create = (obj: ApiObject, more: Partial<AdmissionAttributes> = {}) => admissionAttributes({ object: obj, ...more });

describe('validatingAdmissionPolicy: decisions', () => {
  it('admits a request every validation accepts', async () => {
    const { plugin } = setup({ policies: [maxReplicas()], bindings: [denyBinding()] });
    await expect(plugin.validate(create(deployment(3)))).resolves.toBeUndefined();
  });

  it("denies with kube's message, 422 Invalid by default, and the message as a cause", async () => {
    const { plugin } = setup({ policies: [maxReplicas()], bindings: [denyBinding()] });
    const err = await rejection(plugin.validate(create(deployment(9))));
    const message =
      "ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-binding' denied request: failed expression: object.spec.replicas <= 5";
    expect(err.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: `deployments.apps "web" is forbidden: ${message}`,
      reason: 'Invalid',
      code: 422,
      details: { name: 'web', group: 'apps', kind: 'deployments', causes: [{ message }] },
    });
    expect(err.code).toBe('Invalid');
  });

  it.each([
    ['Forbidden', 403],
    ['RequestEntityTooLarge', 413],
  ] as const)('answers reason %s with HTTP %d', async (reason, code) => {
    const p = maxReplicas({ validations: [{ expression: 'object.spec.replicas <= 5', reason }] });
    const { plugin } = setup({ policies: [p], bindings: [denyBinding()] });
    const err = await rejection(plugin.validate(create(deployment(9))));
    expect([err.status.reason, err.status.code]).toEqual([reason, code]);
  });

  it.each([
    [{ message: '  too many replicas  ' }, 'too many replicas'],
    [{ message: 'static', messageExpression: '"replicas: " + string(object.spec.replicas)' }, 'replicas: 9'],
    [{ message: 'fallback', messageExpression: 'object.spec.nope' }, 'fallback'],
    [{ message: 'no newlines', messageExpression: '"a\\nb"' }, 'no newlines'],
    [{ messageExpression: '"  "' }, 'failed expression: object.spec.replicas <= 5'],
  ])('chooses the message of %j', async (fields, want) => {
    const p = maxReplicas({ validations: [{ expression: 'object.spec.replicas <= 5', ...fields }] });
    const { plugin } = setup({ policies: [p], bindings: [denyBinding()] });
    const err = await rejection(plugin.validate(create(deployment(9))));
    expect(err.status.message).toBe(
      `deployments.apps "web" is forbidden: ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-binding' denied request: ${want}`,
    );
  });

  it('warns instead of denying with validationActions Warn', async () => {
    const { plugin } = setup({ policies: [maxReplicas()], bindings: [denyBinding({ validationActions: ['Warn'] })] });
    const attrs = create(deployment(9));
    await plugin.validate(attrs);
    expect(attrs.warnings).toEqual([
      "Validation failed for ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-binding': failed expression: object.spec.replicas <= 5",
    ]);
  });

  it('records an audit annotation with validationActions Audit', async () => {
    const { plugin, audit } = setup({ policies: [maxReplicas()], bindings: [denyBinding({ validationActions: ['Audit', 'Deny'] })] });
    await rejection(plugin.validate(create(deployment(9))));
    expect(audit).toEqual([
      [
        validationFailureAnnotationKey,
        '[{"message":"failed expression: object.spec.replicas <= 5","policy":"max-replicas","binding":"max-replicas-binding","expressionIndex":0,"validationActions":["Audit","Deny"]}]',
      ],
    ]);
  });

  it("publishes the policy's audit annotations as <policy>/<key>", async () => {
    const p = maxReplicas({ auditAnnotations: [{ key: 'replicas', valueExpression: '"n=" + string(object.spec.replicas)' }, { key: 'none', valueExpression: 'null' }] });
    const { plugin, audit } = setup({ policies: [p], bindings: [denyBinding()] });
    await plugin.validate(create(deployment(2)));
    expect(audit).toEqual([['max-replicas/replicas', 'n=2']]);
  });

  it('reports the first denial, policies taken by name', async () => {
    const a = policy('a-policy', { validations: [{ expression: 'false', message: 'from a' }] });
    const b = policy('b-policy', { validations: [{ expression: 'false', message: 'from b' }] });
    const { plugin } = setup({ policies: [b, a], bindings: [binding('b', 'b-policy'), binding('a', 'a-policy')] });
    const err = await rejection(plugin.validate(create(deployment(1))));
    expect(err.status.message).toContain("ValidatingAdmissionPolicy 'a-policy' with binding 'a' denied request: from a");
    expect(err.status.details?.causes).toHaveLength(1);
  });

  it('does not evaluate a policy without bindings or for admission configuration resources', async () => {
    const everything = policy('all', {
      matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['*'], resources: ['*'] }] },
      validations: [{ expression: 'false' }],
    });
    const { plugin } = setup({ policies: [everything, maxReplicas()], bindings: [binding('all', 'all')] });
    await expect(plugin.validate(create(everything))).resolves.toBeUndefined();
    await expect(plugin.validate(create(deployment(9)))).rejects.toThrow("ValidatingAdmissionPolicy 'all'");
  });

  it('refuses requests until the source is ready', async () => {
    const source = { ...memoryPolicySource(), ready: () => false };
    const plugin = validatingAdmissionPolicy({ engine, source });
    const err = await rejection(plugin.validate(create(deployment(1))));
    expect([err.status.code, err.status.message]).toEqual([403, 'deployments.apps "web" is forbidden: not yet ready to handle request']);
  });
});

describe('validatingAdmissionPolicy: failures and failurePolicy', () => {
  const broken = (failurePolicy: 'Fail' | 'Ignore') =>
    maxReplicas({ failurePolicy, validations: [{ expression: 'object.spec.strategy.type == "Recreate"' }] });

  it('denies on an evaluation error with failurePolicy Fail', async () => {
    const { plugin } = setup({ policies: [broken('Fail')], bindings: [denyBinding()] });
    const err = await rejection(plugin.validate(create(deployment(1))));
    expect(err.status.message).toBe(
      "deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-binding' denied request: expression 'object.spec.strategy.type == \"Recreate\"' resulted in error: no such key: strategy",
    );
    expect(err.status.code).toBe(422);
  });

  it('admits on an evaluation error with failurePolicy Ignore', async () => {
    const { plugin } = setup({ policies: [broken('Ignore')], bindings: [denyBinding()] });
    await expect(plugin.validate(create(deployment(1)))).resolves.toBeUndefined();
  });

  it('ends the evaluation when the cost budget runs out', async () => {
    const p = maxReplicas({ validations: [{ expression: 'object.spec.template.spec.containers.all(c, c.name != "")' }] });
    const { plugin } = setup({ policies: [p], bindings: [denyBinding()] }, { costBudget: 3 });
    const err = await rejection(plugin.validate(create(deployment(1))));
    expect(err.status.message).toContain(
      'denied request: validation failed due to running out of cost budget, no further validation rules will be run',
    );
  });
});

describe('validatingAdmissionPolicy: matchConditions and variables', () => {
  const conditional = (expression: string, failurePolicy: 'Fail' | 'Ignore' = 'Fail') =>
    maxReplicas({ failurePolicy, matchConditions: [{ name: 'only-prod', expression }] });

  it('skips the policy when a match condition is false', async () => {
    const { plugin } = setup({ policies: [conditional('object.metadata.namespace == "prod"')], bindings: [denyBinding()] });
    await expect(plugin.validate(create(deployment(9)))).resolves.toBeUndefined();
  });

  it('denies when a match condition fails with failurePolicy Fail, and skips with Ignore', async () => {
    const fail = setup({ policies: [conditional('object.metadata.annotations.x == "y"')], bindings: [denyBinding()] });
    const err = await rejection(fail.plugin.validate(create(deployment(1))));
    expect(err.status.message).toContain(
      "denied request: expression 'object.metadata.annotations.x == \"y\"' resulted in error: no such key: annotations",
    );
    const ignore = setup({ policies: [conditional('object.metadata.annotations.x == "y"', 'Ignore')], bindings: [denyBinding()] });
    await expect(ignore.plugin.validate(create(deployment(9)))).resolves.toBeUndefined();
  });

  it('evaluates variables lazily: a broken variable matters only when used', async () => {
    const p = maxReplicas({
      variables: [
        { name: 'broken', expression: 'object.spec.nope' },
        { name: 'limit', expression: '5' },
        { name: 'ok', expression: 'object.spec.replicas <= variables.limit' },
      ],
      validations: [{ expression: 'variables.ok', messageExpression: '"at most " + string(variables.limit)' }],
    });
    const { plugin } = setup({ policies: [p], bindings: [denyBinding()] });
    await plugin.validate(create(deployment(5)));
    const err = await rejection(plugin.validate(create(deployment(6))));
    expect(err.status.message).toMatch(/denied request: at most 5$/);

    const usesBroken = maxReplicas({ variables: p.spec.variables, validations: [{ expression: 'variables.broken == 1' }] });
    const s = setup({ policies: [usesBroken], bindings: [denyBinding()] });
    const err2 = await rejection(s.plugin.validate(create(deployment(1))));
    expect(err2.status.message).toContain(
      `denied request: expression 'variables.broken == 1' resulted in error: composited variable "broken" fails to evaluate: no such key: nope`,
    );
  });
});

describe('validatingAdmissionPolicy: params', () => {
  const withParams = maxReplicas({
    paramKind: { apiVersion: 'v1', kind: 'ConfigMap' },
    validations: [{ expression: 'object.spec.replicas <= int(params.data.max)', messageExpression: '"max is " + params.data.max' }],
  });
  const limits = (ns: string, max: string, labels: Record<string, string> = {}) => configMap(`limits-${max}`, ns, { max }, labels);

  it("reads the param named by paramRef in the request's namespace", async () => {
    const b = denyBinding({ paramRef: { name: 'limits-2', parameterNotFoundAction: 'Deny' } });
    const { plugin } = setup({ policies: [withParams], bindings: [b], params: [limits('default', '2'), limits('dev', '9')] });
    const err = await rejection(plugin.validate(create(deployment(3))));
    expect(err.status.message).toMatch(/denied request: max is 2$/);
  });

  it('reads the param in paramRef.namespace and every param a selector matches', async () => {
    const byNs = denyBinding({ paramRef: { name: 'limits-9', namespace: 'dev', parameterNotFoundAction: 'Deny' } });
    const s1 = setup({ policies: [withParams], bindings: [byNs], params: [limits('dev', '9')] });
    await expect(s1.plugin.validate(create(deployment(8)))).resolves.toBeUndefined();

    const bySelector = denyBinding({ paramRef: { selector: { matchLabels: { team: 'a' } }, parameterNotFoundAction: 'Deny' } });
    const s2 = setup({ policies: [withParams], bindings: [bySelector], params: [limits('default', '9', { team: 'a' }), limits('default', '4', { team: 'a' })] });
    const err = await rejection(s2.plugin.validate(create(deployment(5))));
    expect(err.status.message).toMatch(/denied request: max is 4$/);
  });

  it('follows parameterNotFoundAction when no param exists', async () => {
    const deny = setup({ policies: [withParams], bindings: [denyBinding({ paramRef: { name: 'x', parameterNotFoundAction: 'Deny' } })] });
    const err = await rejection(deny.plugin.validate(create(deployment(1))));
    expect(err.status.message).toBe(
      "deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'max-replicas' with binding 'max-replicas-binding' denied request: failed to configure binding: no params found for policy binding with `Deny` parameterNotFoundAction",
    );
    const allow = setup({ policies: [withParams], bindings: [denyBinding({ paramRef: { name: 'x', parameterNotFoundAction: 'Allow' } })] });
    await expect(allow.plugin.validate(create(deployment(100)))).resolves.toBeUndefined();
  });

  it('evaluates with params null when the binding has no paramRef', async () => {
    const p = maxReplicas({ paramKind: { apiVersion: 'v1', kind: 'ConfigMap' }, validations: [{ expression: 'params == null' }] });
    const { plugin } = setup({ policies: [p], bindings: [denyBinding()] });
    await expect(plugin.validate(create(deployment(1)))).resolves.toBeUndefined();
  });

  it('fails the policy whose paramKind the server does not serve', async () => {
    const p = maxReplicas({ paramKind: { apiVersion: 'example.com/v1', kind: 'Limits' } });
    const { plugin } = setup({ policies: [p], bindings: [denyBinding({ paramRef: { name: 'x', parameterNotFoundAction: 'Allow' } })] });
    const err = await rejection(plugin.validate(create(deployment(1))));
    expect(err.status.message).toBe(
      "deployments.apps \"web\" is forbidden: ValidatingAdmissionPolicy 'max-replicas' denied request: failed to configure policy: failed to find resource referenced by paramKind: 'example.com/v1, Kind=Limits'",
    );
  });
});

describe('validatingAdmissionPolicy: variables of the request', () => {
  it('exposes request, object, oldObject and namespaceObject as kube does', async () => {
    const expression = [
      'request.operation == "UPDATE"',
      'request.kind.kind == "Deployment" && request.resource.resource == "deployments" && request.resource.group == "apps"',
      'request.name == "web" && request.namespace == "default" && request.subResource == ""',
      'request.userInfo.username == "alice" && "system:authenticated" in request.userInfo.groups',
      'request.dryRun == false && request.options.kind == "UpdateOptions"',
      'oldObject.spec.replicas == 1 && object.spec.replicas == 2',
      'namespaceObject.metadata.labels.env == "prod" && namespaceObject.status.phase == "Active"',
    ].join(' && ');
    const { plugin } = setup({ policies: [maxReplicas({ validations: [{ expression }] })], bindings: [denyBinding()] });
    await expect(plugin.validate(admissionAttributes({ object: deployment(2), oldObject: deployment(1) }))).resolves.toBeUndefined();
  });

  it('gives object null on DELETE and namespaceObject null for cluster-scoped requests', async () => {
    const del = maxReplicas({
      matchConstraints: { resourceRules: [{ apiGroups: ['*'], apiVersions: ['*'], operations: ['DELETE'], resources: ['*'] }] },
      validations: [{ expression: 'object == null && oldObject.metadata.name != "" && (request.namespace == "" ? namespaceObject == null : true)' }],
    });
    const { plugin } = setup({ policies: [del], bindings: [denyBinding()] });
    await expect(plugin.validate(admissionAttributes({ oldObject: deployment(1) }))).resolves.toBeUndefined();
    await expect(plugin.validate(admissionAttributes({ oldObject: namespace('gone') }))).resolves.toBeUndefined();
  });

  it("narrows by the binding's matchResources", async () => {
    const b = denyBinding({ matchResources: { namespaceSelector: { matchLabels: { env: 'prod' } } } });
    const { plugin } = setup({ policies: [maxReplicas()], bindings: [b] });
    await expect(plugin.validate(create(deployment(9, { namespace: 'dev' })))).resolves.toBeUndefined();
    await expect(plugin.validate(create(deployment(9)))).rejects.toThrow('denied request');
  });
});
