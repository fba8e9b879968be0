import { type ApiObject, errors, formatFieldError } from '@apiserver-kit/core';
import { describe, expect, it } from 'vitest';
import { mutatingWebhookConfigurations, validatingWebhookConfigurations } from './resources.js';

const hook = (extra: Record<string, unknown> = {}) => ({
  name: 'deny.example.com',
  clientConfig: { url: 'https://hooks.example.com/validate' },
  rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['configmaps'] }],
  sideEffects: 'None',
  admissionReviewVersions: ['v1'],
  ...extra,
});

const config = (kind: string, webhooks: unknown[]): ApiObject => ({
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind,
  metadata: { name: 'policy' },
  webhooks,
});

function messages(obj: ApiObject, mutating = false): string[] {
  const def = mutating ? mutatingWebhookConfigurations : validatingWebhookConfigurations;
  def.strategy!.defaults!(obj);
  return def.strategy!.validate!(obj).map(formatFieldError);
}

describe('webhook configuration resources', () => {
  it('are cluster-scoped admissionregistration.k8s.io/v1 resources in the api-extensions category', () => {
    expect(validatingWebhookConfigurations).toMatchObject({
      group: 'admissionregistration.k8s.io',
      versions: ['v1'],
      kind: 'ValidatingWebhookConfiguration',
      plural: 'validatingwebhookconfigurations',
      namespaced: false,
      categories: ['api-extensions'],
    });
    expect(mutatingWebhookConfigurations.plural).toBe('mutatingwebhookconfigurations');
  });

  it("fills kube's v1 defaults", () => {
    const obj = config('MutatingWebhookConfiguration', [
      hook({ clientConfig: { service: { namespace: 'ns', name: 'svc' } } }),
    ]);
    mutatingWebhookConfigurations.strategy!.defaults!(obj);
    expect((obj.webhooks as unknown[])[0]).toMatchObject({
      failurePolicy: 'Fail',
      matchPolicy: 'Equivalent',
      namespaceSelector: {},
      objectSelector: {},
      timeoutSeconds: 10,
      reinvocationPolicy: 'Never',
      rules: [{ scope: '*' }],
      clientConfig: { service: { port: 443 } },
    });
    const v = config('ValidatingWebhookConfiguration', [hook()]);
    validatingWebhookConfigurations.strategy!.defaults!(v);
    expect((v.webhooks as Record<string, unknown>[])[0]).not.toHaveProperty('reinvocationPolicy');
    expect((v.webhooks as Record<string, unknown>[])[0]).not.toHaveProperty('sideEffects', 'Unknown');
  });

  it('accepts a well-formed configuration', () => {
    expect(messages(config('ValidatingWebhookConfiguration', [hook()]))).toEqual([]);
    expect(messages(config('MutatingWebhookConfiguration', [hook({ reinvocationPolicy: 'IfNeeded' })]), true)).toEqual([]);
  });

  it('requires fully qualified, unique webhook names', () => {
    expect(messages(config('ValidatingWebhookConfiguration', [hook({ name: 'deny' }), hook({ name: '' })]))).toEqual([
      'webhooks[0].name: Invalid value: "deny": should be a domain with at least three segments separated by dots',
      'webhooks[1].name: Required value',
    ]);
    expect(messages(config('ValidatingWebhookConfiguration', [hook(), hook()]))).toEqual([
      'webhooks[1].name: Duplicate value: "deny.example.com"',
    ]);
  });

  it("checks rules with kube's messages", () => {
    const bad = hook({
      rules: [
        { operations: ['*', 'CREATE'], apiGroups: [], apiVersions: ['*', 'v1'], resources: ['*/*', 'pods'], scope: 'Everywhere' },
        { operations: ['PATCH'], apiGroups: ['*', 'apps'], apiVersions: [''], resources: ['*', 'pods'] },
      ],
    });
    expect(messages(config('ValidatingWebhookConfiguration', [bad]))).toEqual([
      `webhooks[0].rules[0].operations: Invalid value: []admissionregistration.OperationType{"*", "CREATE"}: if '*' is present, must not specify other operations`,
      'webhooks[0].rules[0].apiGroups: Required value',
      `webhooks[0].rules[0].apiVersions: Invalid value: []string{"*", "v1"}: if '*' is present, must not specify other API versions`,
      `webhooks[0].rules[0].resources: Invalid value: []string{"*/*", "pods"}: if '*/*' is present, must not specify other resources`,
      'webhooks[0].rules[0].scope: Unsupported value: "Everywhere": supported values: "*", "Cluster", "Namespaced"',
      'webhooks[0].rules[1].operations[0]: Unsupported value: "PATCH": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"',
      `webhooks[0].rules[1].apiGroups: Invalid value: []string{"*", "apps"}: if '*' is present, must not specify other API groups`,
      'webhooks[0].rules[1].apiVersions[0]: Required value',
      `webhooks[0].rules[1].resources: Invalid value: []string{"*", "pods"}: if '*' is present, must not specify other resources without subresources`,
    ]);
  });

  it('requires exactly one of url and service, and an https url without query or fragment', () => {
    const errs = messages(
      config('ValidatingWebhookConfiguration', [
        hook({ name: 'a.example.com', clientConfig: {} }),
        hook({ name: 'b.example.com', clientConfig: { url: 'https://x.example.com', service: { namespace: 'n', name: 's' } } }),
        hook({ name: 'c.example.com', clientConfig: { url: 'http://x.example.com/p?q=1#f' } }),
        hook({ name: 'd.example.com', clientConfig: { service: { namespace: '', name: 's', port: 70000, path: 'bad' } } }),
      ]),
    );
    expect(errs).toEqual([
      'webhooks[0].clientConfig: Required value: exactly one of url or service is required',
      'webhooks[1].clientConfig: Required value: exactly one of url or service is required',
      `webhooks[2].clientConfig.url: Invalid value: "http": 'https' is the only allowed URL scheme; desired format: https://host[/path]`,
      'webhooks[2].clientConfig.url: Invalid value: "f": fragments are not permitted in the URL',
      'webhooks[2].clientConfig.url: Invalid value: "q=1": query parameters are not permitted in the URL',
      'webhooks[3].clientConfig.service.namespace: Required value: service namespace is required',
      'webhooks[3].clientConfig.service.port: Invalid value: 70000: port is not valid: must be between 1 and 65535, inclusive',
      `webhooks[3].clientConfig.service.path: Invalid value: "bad": must start with a '/'`,
    ]);
  });

  it('limits timeoutSeconds to 1..30, requires side-effect-free webhooks and a known AdmissionReview version', () => {
    const errs = messages(
      config('ValidatingWebhookConfiguration', [
        hook({ name: 'a.example.com', timeoutSeconds: 31, sideEffects: 'Some', admissionReviewVersions: ['v2'] }),
        hook({ name: 'b.example.com', timeoutSeconds: 0, sideEffects: undefined, admissionReviewVersions: [] }),
      ]),
    );
    expect(errs).toEqual([
      'webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"',
      'webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds',
      'webhooks[0].admissionReviewVersions: Invalid value: []string{"v2"}: must include at least one of v1, v1beta1',
      'webhooks[1].sideEffects: Required value: must specify one of None, NoneOnDryRun',
      'webhooks[1].timeoutSeconds: Invalid value: 0: the timeout value must be between 1 and 30 seconds',
      'webhooks[1].admissionReviewVersions: Required value: must specify one of v1, v1beta1',
    ]);
  });

  it('checks policies, selectors and match conditions', () => {
    const errs = messages(
      config('MutatingWebhookConfiguration', [
        hook({
          failurePolicy: 'Maybe',
          matchPolicy: 'Fuzzy',
          reinvocationPolicy: 'Always',
          objectSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] },
          matchConditions: [
            { name: 'm', expression: ' ' },
            { name: 'm', expression: 'true' },
          ],
        }),
      ]),
      true,
    );
    expect(errs).toEqual([
      'webhooks[0].failurePolicy: Unsupported value: "Maybe": supported values: "Fail", "Ignore"',
      'webhooks[0].matchPolicy: Unsupported value: "Fuzzy": supported values: "Equivalent", "Exact"',
      "webhooks[0].objectSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      'webhooks[0].reinvocationPolicy: Unsupported value: "Always": supported values: "IfNeeded", "Never"',
      'webhooks[0].matchConditions[0].expression: Required value',
      'webhooks[0].matchConditions[1].name: Duplicate value: "m"',
    ]);
  });

  it('keeps an update valid when the stored object already had side effects', () => {
    const old = config('ValidatingWebhookConfiguration', [hook({ sideEffects: 'Unknown' })]);
    old.metadata.resourceVersion = '1';
    const updated = structuredClone(old);
    const def = validatingWebhookConfigurations;
    expect(def.strategy!.validateUpdate!(updated, old)).toEqual([]);
    expect(def.strategy!.validate!(updated).map(formatFieldError)).toEqual([
      'webhooks[0].sideEffects: Unsupported value: "Unknown": supported values: "None", "NoneOnDryRun"',
    ]);
  });

  it("reports the Invalid error kube's way for a bad configuration", () => {
    const obj = config('ValidatingWebhookConfiguration', [hook({ name: 'deny' })]);
    const err = errors.invalid({ group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' }, 'policy', validatingWebhookConfigurations.strategy!.validate!(obj));
    expect(err.message).toBe(
      'ValidatingWebhookConfiguration.admissionregistration.k8s.io "policy" is invalid: webhooks[0].name: Invalid value: "deny": should be a domain with at least three segments separated by dots',
    );
  });

  it('rejects unknown fields through the strict schema', () => {
    const obj = config('ValidatingWebhookConfiguration', [hook({ colour: 'red' })]);
    const result = validatingWebhookConfigurations.schema!.safeParse(obj);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['colour'], path: ['webhooks', 0] });
  });

  it('prints NAME WEBHOOKS AGE columns', () => {
    const [webhooks, age] = validatingWebhookConfigurations.printerColumns!;
    const obj = config('ValidatingWebhookConfiguration', [hook(), hook({ name: 'b.example.com' })]);
    obj.metadata.creationTimestamp = '2024-01-01T00:00:00Z';
    expect(webhooks!.name).toBe('Webhooks');
    expect(webhooks!.type).toBe('integer');
    expect(webhooks!.value(obj, new Date())).toBe(2);
    expect(age!.name).toBe('Age');
    expect(age!.value(obj, new Date('2024-01-03T03:00:00Z'))).toBe('2d3h');
  });
});
