import { describe, expect, it } from 'vitest';
import { type ApiObject, formatFieldError } from '@apiserver-kit/core';
import { toTable } from '../table/index.js';
import { namespaces, namespaceSchema, validateNamespaceStatusUpdate } from './namespaces.js';

const now = new Date('2024-05-01T12:00:00Z');

function ns(fields: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): ApiObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', resourceVersion: '1', ...meta }, ...fields };
}

const strategy = namespaces.strategy!;

describe('namespaces definition', () => {
  it('is the cluster-scoped core/v1 Namespace with shortName ns, a status subresource and no deletecollection', () => {
    expect(namespaces).toMatchObject({ group: '', kind: 'Namespace', plural: 'namespaces', shortNames: ['ns'], namespaced: false, subresources: { status: true } });
    expect(namespaces.verbs).toEqual(['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
  });

  it('prints NAME STATUS AGE', () => {
    const t = toTable(namespaces, [ns({ status: { phase: 'Active' } }, { creationTimestamp: '2024-04-28T09:00:00Z' })], { now });
    expect(t.columnDefinitions!.map((c) => [c.name, c.description])).toEqual([
      ['Name', expect.stringMatching(/^Name must be unique/)],
      ['Status', 'The status of the namespace'],
      ['Age', expect.stringMatching(/^CreationTimestamp/)],
    ]);
    expect(t.rows[0]!.cells).toEqual(['team-a', 'Active', '3d3h']);
  });

  it('selects on status.phase and the legacy name field', () => {
    expect(strategy.selectableFields!(ns({ status: { phase: 'Terminating' } }))).toEqual({ 'status.phase': 'Terminating', name: 'team-a' });
  });
});

describe('namespace strategy', () => {
  it('defaults status.phase to Active and labels the namespace with its name', () => {
    const o = ns({}, { labels: { team: 'a' } });
    strategy.defaults!(o);
    expect(o.status).toEqual({ phase: 'Active' });
    expect(o.metadata.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'team-a' });
  });

  it('on create sets status Active and appends the kubernetes finalizer', () => {
    const o = ns({ spec: { finalizers: ['example.com/cleanup'] }, status: { phase: 'Terminating' } });
    strategy.prepareForCreate!(o);
    expect(o.status).toEqual({ phase: 'Active' });
    expect(o.spec).toEqual({ finalizers: ['example.com/cleanup', 'kubernetes'] });
    const bare = ns();
    strategy.prepareForCreate!(bare);
    expect(bare.spec).toEqual({ finalizers: ['kubernetes'] });
  });

  it('keeps spec.finalizers on update', () => {
    const o = ns({ spec: { finalizers: [] } });
    strategy.prepareForUpdate!(o, ns({ spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }));
    expect(o.spec).toEqual({ finalizers: ['kubernetes'] });
  });
});

describe('namespace validation', () => {
  it('requires a DNS-1123 label name', () => {
    expect(strategy.validate!(ns({}, { name: 'a.b' })).map(formatFieldError)).toEqual([
      `metadata.name: Invalid value: "a.b": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });

  it('forbids a namespace in the metadata of a cluster-scoped object', () => {
    expect(strategy.validate!(ns({}, { namespace: 'x' })).map(formatFieldError)).toEqual(['metadata.namespace: Forbidden: not allowed on this type']);
  });

  it('accepts standard and qualified spec finalizers and rejects others', () => {
    expect(strategy.validate!(ns({ spec: { finalizers: ['kubernetes', 'example.com/x'] } }))).toEqual([]);
    expect(strategy.validate!(ns({ spec: { finalizers: ['custom'] } })).map(formatFieldError)).toEqual([
      'spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
    ]);
  });

  it('checks the phase on status updates against the deletion timestamp', () => {
    expect(validateNamespaceStatusUpdate(ns({ status: { phase: 'Active' } }), ns())).toEqual([]);
    expect(validateNamespaceStatusUpdate(ns({ status: { phase: 'Terminating' } }), ns()).map(formatFieldError)).toEqual([
      `status.Phase: Invalid value: "Terminating": may only be 'Active' if \`deletionTimestamp\` is empty`,
    ]);
  });

  it('schema rejects unknown spec fields', () => {
    const r = namespaceSchema.safeParse(ns({ spec: { finalizers: [], replicas: 1 } }));
    expect(r.error!.issues).toEqual([expect.objectContaining({ code: 'unrecognized_keys', path: ['spec'], keys: ['replicas'] })]);
  });
});
