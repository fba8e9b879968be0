import { describe, expect, it } from 'vitest';
import { admissionRequest, admissionReview, operationOptions, verifyAdmissionResponse } from './review.js';
import { attrsFor, configMap } from './testdata/fixtures.js';

const v1 = (response: Record<string, unknown>, meta = { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' }) => ({
  ...meta,
  response,
});
const patch = Buffer.from('[{"op":"add","path":"/foo","value":"bar"}]').toString('base64');

describe('admissionReview', () => {
  it('builds kube\'s v1 request: request kind/resource beside kind/resource, null oldObject on create, typed options', () => {
    const review = admissionReview('v1', attrsFor(configMap()), 'u-1');
    expect(review).toEqual({
      kind: 'AdmissionReview',
      apiVersion: 'admission.k8s.io/v1',
      request: {
        uid: 'u-1',
        kind: { group: '', version: 'v1', kind: 'ConfigMap' },
        resource: { group: '', version: 'v1', resource: 'configmaps' },
        requestKind: { group: '', version: 'v1', kind: 'ConfigMap' },
        requestResource: { group: '', version: 'v1', resource: 'configmaps' },
        name: 'cfg',
        namespace: 'dev',
        operation: 'CREATE',
        userInfo: { username: 'jane', uid: '42', groups: ['dev', 'system:authenticated'], extra: { scopes: ['a'] } },
        object: configMap(),
        oldObject: null,
        dryRun: false,
        options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1' },
      },
    });
  });

  it('carries subresources and, for namespaces, the namespace name as the request namespace', () => {
    const status = admissionRequest(attrsFor(configMap(), { operation: 'UPDATE', subresource: 'status', oldObject: configMap() }), 'u');
    expect(status).toMatchObject({ subResource: 'status', requestSubResource: 'status' });
    const ns = admissionRequest(
      attrsFor(undefined, { operation: 'DELETE', resource: { group: '', version: 'v1', resource: 'namespaces' }, namespace: '', name: 'dev' }),
      'u',
    );
    expect(ns).toMatchObject({ name: 'dev', namespace: 'dev', object: null, options: { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1' } });
  });

  it('turns PatchOptions into UpdateOptions and records dry-run in the options', () => {
    const attrs = attrsFor(configMap(), {
      operation: 'UPDATE',
      dryRun: true,
      options: { kind: 'PatchOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl', force: true },
    });
    expect(operationOptions(attrs)).toEqual({ kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl', dryRun: ['All'] });
  });
});

describe('verifyAdmissionResponse', () => {
  it('accepts an allowed v1 answer with the request uid', () => {
    expect(verifyAdmissionResponse('123', false, 'v1', v1({ uid: '123', allowed: true, warnings: ['w'] }))).toEqual({
      allowed: true,
      warnings: ['w'],
      auditAnnotations: {},
    });
  });

  it('rejects v1 answers as kube does', () => {
    const check = (review: unknown, mutating = false) => () => verifyAdmissionResponse('123', mutating, 'v1', review);
    expect(check({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' })).toThrow('webhook response was absent');
    expect(check(v1({ uid: '1234', allowed: true }))).toThrow('expected response.uid="123", got "1234"');
    expect(check(v1({ uid: '123', allowed: true }, { apiVersion: 'admission.k8s.io/v2', kind: 'AdmissionReview' }))).toThrow(
      'expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got admission.k8s.io/v2, Kind=AdmissionReview',
    );
    expect(check({ response: { uid: '123', allowed: true } })).toThrow(
      'expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got /, Kind=',
    );
    expect(check(v1({ uid: '123', allowed: true, patch }), true)).toThrow('webhook returned response.patch but not response.patchType');
    expect(check(v1({ uid: '123', allowed: true, patchType: 'JSONPatch' }), true)).toThrow(
      'webhook returned response.patchType but not response.patch',
    );
    expect(check(v1({ uid: '123', allowed: true, patch, patchType: '' }), true)).toThrow('webhook returned invalid response.patchType of ""');
    expect(check(v1({ uid: '123', allowed: true, patch }))).toThrow('validating webhook may not return response.patch');
    expect(check(v1({ uid: '123', allowed: true, patchType: 'JSONPatch' }))).toThrow('validating webhook may not return response.patchType');
  });

  it('decodes the patch and keeps an unknown patch type for the dispatcher to refuse', () => {
    const r = verifyAdmissionResponse('123', true, 'v1', v1({ uid: '123', allowed: true, patch, patchType: 'Foo' }));
    expect(r.patch?.toString()).toBe('[{"op":"add","path":"/foo","value":"bar"}]');
    expect(r.patchType).toBe('Foo');
  });

  it('checks v1beta1 answers leniently: no uid or type meta check, any patch is a JSONPatch', () => {
    const r = verifyAdmissionResponse('123', true, 'v1beta1', { response: { uid: 'other', allowed: true, patch, patchType: 'Foo' } });
    expect(r).toMatchObject({ allowed: true, patchType: 'JSONPatch' });
    const v = verifyAdmissionResponse('123', false, 'v1beta1', { response: { allowed: true, patch } });
    expect(v.patch).toBeUndefined();
  });
});
