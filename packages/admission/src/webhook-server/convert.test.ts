import { describe, expect, it } from 'vitest';
import { admissionAttributes } from '../testing/index.js';
import { attributesFromReview, reviewFromAttributes } from './convert.js';

const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'team-a' }, data: { a: '1' } };

describe('reviewFromAttributes', () => {
  it('fills an AdmissionReview v1 request as kube-apiserver does', () => {
    const attrs = admissionAttributes({
      object: cm,
      user: { name: 'alice', uid: 'u-1', groups: ['devs', 'system:authenticated'], extra: { scopes: ['x'] } },
      options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1' },
    });
    expect(reviewFromAttributes(attrs, { uid: 'r-1' })).toEqual({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid: 'r-1',
        kind: { group: '', version: 'v1', kind: 'ConfigMap' },
        resource: { group: '', version: 'v1', resource: 'configmaps' },
        requestKind: { group: '', version: 'v1', kind: 'ConfigMap' },
        requestResource: { group: '', version: 'v1', resource: 'configmaps' },
        name: 'cfg',
        namespace: 'team-a',
        operation: 'CREATE',
        userInfo: { username: 'alice', uid: 'u-1', groups: ['devs', 'system:authenticated'], extra: { scopes: ['x'] } },
        object: cm,
        oldObject: null,
        dryRun: false,
        options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1' },
      },
    });
  });

  it('sends subresources, null objects for deletes, and a fresh uid each time', () => {
    const del = reviewFromAttributes(admissionAttributes({ oldObject: cm, subresource: 'status' }));
    expect(del.request).toMatchObject({ operation: 'DELETE', object: null, oldObject: cm, subResource: 'status', requestSubResource: 'status' });
    expect(del.request!.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(reviewFromAttributes(admissionAttributes()).request!.uid).not.toBe(del.request!.uid);
  });

  it('copies objects so later mutation of the attributes does not change the review', () => {
    const attrs = admissionAttributes({ object: structuredClone(cm) });
    const review = reviewFromAttributes(attrs);
    attrs.object!.metadata.labels = { changed: 'yes' };
    expect((review.request!.object as typeof cm).metadata).toEqual({ name: 'cfg', namespace: 'team-a' });
  });
});

describe('attributesFromReview', () => {
  it('round-trips the attributes', () => {
    const attrs = admissionAttributes({ object: cm, oldObject: { ...cm, data: {} }, dryRun: true, user: { name: 'bob', groups: [] } });
    expect(attributesFromReview(reviewFromAttributes(attrs))).toEqual({ ...attrs, warnings: [] });
  });

  it('defaults what a sparse request leaves out', () => {
    const attrs = attributesFromReview({
      uid: '1',
      kind: { group: '', version: 'v1', kind: 'Namespace' },
      resource: { group: '', version: 'v1', resource: 'namespaces' },
      operation: 'CONNECT',
      userInfo: {},
    });
    expect(attrs).toEqual({
      operation: 'CONNECT',
      kind: { group: '', version: 'v1', kind: 'Namespace' },
      resource: { group: '', version: 'v1', resource: 'namespaces' },
      subresource: '',
      name: '',
      namespace: '',
      dryRun: false,
      user: { name: '', groups: [] },
      warnings: [],
    });
  });
});
