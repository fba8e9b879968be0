import { describe, expect, it } from 'vitest';
import * as errors from './errors.js';
import type { ObjectMeta } from './objects.js';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPathSegmentName,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePathSegmentName,
} from './validation.js';

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

describe('isDNS1123Label (kube TestIsDNS1123Label)', () => {
  it.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)])(
    'accepts %j',
    (v) => expect(isDNS1123Label(v)).toEqual([]),
  );
  it.each(['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '.', 'a.b', ' ', 'a b', 'a'.repeat(64)])(
    'rejects %j',
    (v) => expect(isDNS1123Label(v).length).toBeGreaterThan(0),
  );
  it('explains with kube messages', () => {
    expect(isDNS1123Label('A')).toEqual([labelMsg]);
    expect(isDNS1123Label('a'.repeat(64))).toEqual(['must be no more than 63 characters']);
  });
});

describe('isDNS1123Subdomain (kube TestIsDNS1123Subdomain)', () => {
  it.each(['a', 'ab', 'a-1', '0', '1a', 'a.a', 'a.1', '1.a', 'a--1--2--b.0', 'a.b.c.d.e', 'aa.bb.cc', '1.2.3.4', 'a'.repeat(253)])(
    'accepts %j',
    (v) => expect(isDNS1123Subdomain(v)).toEqual([]),
  );
  it.each(['', 'A', 'aBc', '-', 'a-', '-a', '_', 'a_b', '.', 'a.', '.a', 'a..b', '1.-2', ' ', 'a b', 'a'.repeat(254)])(
    'rejects %j',
    (v) => expect(isDNS1123Subdomain(v).length).toBeGreaterThan(0),
  );
  it('explains with kube messages', () => {
    expect(isDNS1123Subdomain('Bad_Name')).toEqual([subdomainMsg]);
    expect(isDNS1123Subdomain('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
  });
});

describe('isDNS1035Label', () => {
  it('requires a leading letter', () => {
    expect(isDNS1035Label('a1')).toEqual([]);
    expect(isDNS1035Label('1a')[0]).toMatch(/^a DNS-1035 label must consist of .* \(e\.g\. 'my-name', {2}or 'abc-123', /);
  });
});

describe('isQualifiedName (kube TestIsQualifiedName)', () => {
  it.each([
    'simple',
    'now-with-dashes',
    '1-starts-with-num',
    '1234',
    'simple/simple',
    'now-with-dashes/simple',
    'now.with.dots/simple',
    '1-num.2-num/3-num',
    '1.2.3.4/5678',
    'Uppercase_Is_OK_123',
    'example.com/Uppercase_Is_OK_123',
    'requests.storage-foo',
    'a'.repeat(63),
    `${'a'.repeat(253)}/${'b'.repeat(63)}`,
  ])('accepts %j', (v) => expect(isQualifiedName(v)).toEqual([]));

  it.each([
    'nospecialchars%^=@',
    'cantendwithadash-',
    '-cantstartwithadash-',
    'only/one/slash',
    'Example.com/abc',
    'example_com/abc',
    'example.com/',
    '/simple',
    'a'.repeat(64),
    `${'a'.repeat(254)}/abc`,
  ])('rejects %j', (v) => expect(isQualifiedName(v).length).toBeGreaterThan(0));

  it('explains each part', () => {
    expect(isQualifiedName('/simple')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('example.com/')).toEqual([
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(isQualifiedName('Example.com/abc')).toEqual([`prefix part ${subdomainMsg}`]);
    expect(isQualifiedName('a'.repeat(64))).toEqual(['name part must be no more than 63 characters']);
  });
});

describe('isValidLabelValue', () => {
  it.each(['', 'simple', 'now-with-dashes', '1-starts-with-num', 'end-with-num-1', '1234', 'a'.repeat(63), 'Upper_Case.ok'])(
    'accepts %j',
    (v) => expect(isValidLabelValue(v)).toEqual([]),
  );
  it.each(['nospecialchars%^=@', 'Tama-nui-te-rā.is.Māori.sun', '\\backslashes\\are\\bad', '-starts-with-dash', 'ends-with-dash-', '.starts.with.dot', 'a'.repeat(64)])(
    'rejects %j',
    (v) => expect(isValidLabelValue(v).length).toBeGreaterThan(0),
  );
  it('counts length in UTF-8 bytes, as Go does', () => {
    expect(isValidLabelValue('ā'.repeat(32))).toContain('must be no more than 63 characters');
  });
});

describe('name functions', () => {
  it('masks a trailing dash of a generateName prefix as kube does', () => {
    expect(nameIsDNSSubdomain('foo-', true)).toEqual([]);
    expect(nameIsDNSSubdomain('foo-', false)).toEqual([subdomainMsg]);
    expect(nameIsDNSLabel('Foo-', true)).toEqual([labelMsg]);
  });

  it('applies the path segment rules', () => {
    expect(isValidPathSegmentName('.')).toEqual(["may not be '.'"]);
    expect(isValidPathSegmentName('..')).toEqual(["may not be '..'"]);
    expect(isValidPathSegmentName('a/b%c')).toEqual(["may not contain '/'", "may not contain '%'"]);
    expect(validatePathSegmentName('..', true)).toEqual([]);
    expect(validatePathSegmentName('Any Name:ok', false)).toEqual([]);
  });
});

const ns = (meta: ObjectMeta) => validateObjectMeta(meta, { namespaced: true, nameFn: nameIsDNSSubdomain });
const cluster = (meta: ObjectMeta) => validateObjectMeta(meta, { namespaced: false, nameFn: nameIsDNSSubdomain });

describe('validateObjectMeta', () => {
  it('accepts valid metadata', () => {
    expect(ns({ name: 'a', namespace: 'b', labels: { 'example.com/x': 'y' }, annotations: { 'Example.com/X': 'anything goes' } })).toEqual([]);
    expect(cluster({ name: 'a' })).toEqual([]);
  });

  it('requires a name', () => {
    expect(ns({ namespace: 'b' })).toEqual([{ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' }]);
  });

  it('produces the message kube-apiserver answers for an invalid name', () => {
    const err = errors.invalid({ group: '', kind: 'ConfigMap' }, 'Bad', ns({ name: 'Bad', namespace: 'b' }));
    expect(err.message).toBe(`ConfigMap "Bad" is invalid: metadata.name: Invalid value: "Bad": ${subdomainMsg}`);
  });

  it('validates generateName as a prefix', () => {
    expect(ns({ generateName: 'ok-', name: 'ok-x1z2a', namespace: 'b' })).toEqual([]);
    expect(ns({ generateName: 'Bad-', name: 'bad-x', namespace: 'b' })).toEqual([
      { type: 'FieldValueInvalid', field: 'metadata.generateName', badValue: 'Bad-', detail: subdomainMsg },
    ]);
  });

  it('requires the namespace of a namespaced object and forbids it otherwise', () => {
    expect(ns({ name: 'a' })).toEqual([{ type: 'FieldValueRequired', field: 'metadata.namespace', detail: '' }]);
    expect(ns({ name: 'a', namespace: 'Bad' })).toEqual([
      { type: 'FieldValueInvalid', field: 'metadata.namespace', badValue: 'Bad', detail: labelMsg },
    ]);
    expect(cluster({ name: 'a', namespace: 'x' })).toEqual([
      { type: 'FieldValueForbidden', field: 'metadata.namespace', detail: 'not allowed on this type' },
    ]);
  });

  it('reports bad label keys and values under metadata.labels', () => {
    const errs = cluster({ name: 'a', labels: { 'a b': 'ok', ok: '-bad' } });
    expect(errs.map((e) => [e.field, e.badValue])).toEqual([
      ['metadata.labels', 'a b'],
      ['metadata.labels', '-bad'],
    ]);
  });

  it('limits the total size of annotations to 256KiB', () => {
    expect(cluster({ name: 'a', annotations: { k: 'v'.repeat(256 * 1024 - 1) } })).toEqual([]);
    expect(cluster({ name: 'a', annotations: { k: 'v'.repeat(256 * 1024) } })).toEqual([
      { type: 'FieldValueTooLong', field: 'metadata.annotations', detail: 'may not be more than 262144 bytes' },
    ]);
  });

  it('checks owner references', () => {
    const errs = cluster({
      name: 'a',
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Event', name: 'e', uid: '1', controller: true },
        { apiVersion: '', kind: '', name: '', uid: '', controller: true },
      ],
    });
    expect(errs.map((e) => `${e.field}: ${e.detail}`)).toEqual([
      'metadata.ownerReferences: /v1, Kind=Event is disallowed from being an owner',
      'metadata.ownerReferences.apiVersion: version must not be empty',
      'metadata.ownerReferences.kind: must not be empty',
      'metadata.ownerReferences.name: must not be empty',
      'metadata.ownerReferences.uid: must not be empty',
      'metadata.ownerReferences: Only one reference can have Controller set to true. Found "true" in references for Event/e and /',
    ]);
  });

  it('checks finalizers, generation and managed fields', () => {
    const errs = cluster({
      name: 'a',
      generation: -1,
      finalizers: ['orphan', 'foregroundDeletion', 'bad name'],
      managedFields: [{ manager: 'm\u0007', operation: 'Apply', fieldsType: 'FieldsV2' }],
    });
    expect(errs.map((e) => `${e.field}: ${e.detail}`)).toEqual([
      'metadata.generation: must be greater than or equal to 0',
      expect.stringMatching(/^metadata\.finalizers: name part must consist/),
      'metadata.finalizers: finalizer orphan and foregroundDeletion cannot be both set',
      'metadata.managedFields[0].fieldsType: must be `FieldsV1`',
      'metadata.managedFields[0].manager: invalid character U+0007 (at position 1)',
    ]);
  });
});

describe('validateObjectMetaUpdate', () => {
  const old: ObjectMeta = { name: 'a', namespace: 'n', uid: 'u1', resourceVersion: '5', creationTimestamp: '2024-01-01T00:00:00Z', generation: 2 };

  it('accepts an update that changes only mutable fields', () => {
    expect(validateObjectMetaUpdate({ ...old, labels: { a: 'b' }, generation: 3 }, old)).toEqual([]);
  });

  it('rejects changes to immutable fields with "field is immutable"', () => {
    const errs = validateObjectMetaUpdate({ ...old, name: 'b', namespace: 'm', uid: 'u2', creationTimestamp: '2025-01-01T00:00:00Z' }, old);
    expect(errs).toEqual([
      { type: 'FieldValueInvalid', field: 'metadata.name', badValue: 'b', detail: 'field is immutable' },
      { type: 'FieldValueInvalid', field: 'metadata.namespace', badValue: 'm', detail: 'field is immutable' },
      { type: 'FieldValueInvalid', field: 'metadata.uid', badValue: 'u2', detail: 'field is immutable' },
      { type: 'FieldValueInvalid', field: 'metadata.creationTimestamp', badValue: '2025-01-01T00:00:00Z', detail: 'field is immutable' },
    ]);
  });

  it('requires a resourceVersion and a non-decreasing generation', () => {
    const errs = validateObjectMetaUpdate({ ...old, resourceVersion: undefined, generation: 1 }, old);
    expect(errs.map((e) => `${e.field}: ${e.detail}`)).toEqual([
      'metadata.resourceVersion: must be specified for an update',
      'metadata.generation: must not be decremented',
    ]);
  });

  it('forbids new finalizers on an object being deleted', () => {
    const deleting = { ...old, deletionTimestamp: '2024-02-01T00:00:00Z', finalizers: ['a'] };
    expect(validateObjectMetaUpdate({ ...deleting, finalizers: ['a', 'c', 'b'] }, deleting)).toEqual([
      {
        type: 'FieldValueForbidden',
        field: 'metadata.finalizers',
        detail: 'no new finalizers can be added if the object is being deleted, found new finalizers []string{"b", "c"}',
      },
    ]);
  });
});
