import { describe, expect, it } from 'vitest';
import type { ApiObject, ResourceDefinition } from '@apiserver-kit/core';
import { ageColumn, nameColumn } from './columns.js';
import { objectMetaDescriptions } from './descriptions.js';
import { toTable } from './convert.js';
import { watchTableEncoder } from './watch.js';

const now = new Date('2024-05-01T12:00:00Z');

const widgets: ResourceDefinition = {
  group: 'example.com',
  versions: ['v1'],
  kind: 'Widget',
  plural: 'widgets',
  namespaced: true,
  printerColumns: [
    { name: 'Size', type: 'integer', description: 'How big.', value: (o) => (o.spec as { size?: number }).size },
    { name: 'Color', type: 'string', priority: 1, value: () => 'red' },
    ageColumn,
  ],
};

const bare: ResourceDefinition = { group: 'example.com', versions: ['v1'], kind: 'Gadget', plural: 'gadgets', namespaced: true };

function widget(name: string, size?: number): ApiObject {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: '7', creationTimestamp: '2024-05-01T11:57:00Z' },
    spec: size === undefined ? {} : { size },
  };
}

describe('toTable', () => {
  it('puts the Name column first, then the printer columns with kube wire fields', () => {
    const t = toTable(widgets, [widget('a', 3)], { now });
    expect(t.kind).toBe('Table');
    expect(t.apiVersion).toBe('meta.k8s.io/v1');
    expect(t.columnDefinitions).toEqual([
      { name: 'Name', type: 'string', format: 'name', description: objectMetaDescriptions.name, priority: 0 },
      { name: 'Size', type: 'integer', format: '', description: 'How big.', priority: 0 },
      { name: 'Color', type: 'string', format: '', description: '', priority: 1 },
      { name: 'Age', type: 'string', format: '', description: objectMetaDescriptions.creationTimestamp, priority: 0 },
    ]);
    expect(t.rows[0]!.cells).toEqual(['a', 3, 'red', '3m']);
  });

  it('renders a missing cell value as null', () => {
    const t = toTable(widgets, [widget('a')], { now });
    expect(t.rows[0]!.cells[1]).toBeNull();
  });

  it('renders a cell whose column throws as null', () => {
    const def: ResourceDefinition = {
      ...widgets,
      printerColumns: [{ name: 'Boom', type: 'string', value: () => { throw new Error('x'); } }],
    };
    expect(toTable(def, [widget('a')], { now }).rows[0]!.cells).toEqual(['a', null]);
  });

  it('gives a definition without printer columns Name and a date-typed Age, like a CRD', () => {
    const t = toTable(bare, [widget('g')], { now });
    expect(t.columnDefinitions!.map((c) => [c.name, c.type])).toEqual([
      ['Name', 'string'],
      ['Age', 'date'],
    ]);
    expect(t.rows[0]!.cells).toEqual(['g', '3m']);
  });

  it('lets a definition place the Name column itself', () => {
    const def: ResourceDefinition = {
      ...widgets,
      printerColumns: [{ name: 'First', type: 'string', value: () => 'x' }, nameColumn(1)],
    };
    const t = toTable(def, [widget('a')], { now });
    expect(t.columnDefinitions!.map((c) => `${c.name}/${c.priority}`)).toEqual(['First/0', 'Name/1']);
    expect(t.rows[0]!.cells).toEqual(['x', 'a']);
  });

  it('includes PartialObjectMetadata by default (includeObject=Metadata)', () => {
    const obj = widget('a', 1);
    const t = toTable(widgets, [obj], { now });
    expect(t.rows[0]!.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata });
  });

  it('includes the full object for includeObject=Object and null for None', () => {
    const obj = widget('a', 1);
    expect(toTable(widgets, [obj], { now, includeObject: 'Object' }).rows[0]!.object).toEqual(obj);
    const none = toTable(widgets, [obj], { now, includeObject: 'None' });
    expect(none.rows[0]!.object).toBeNull();
    expect(JSON.stringify(none.rows[0])).toBe('{"cells":["a",1,"red","3m"],"object":null}');
  });

  it('uses meta.k8s.io/v1beta1 for both the Table and the row metadata when asked', () => {
    const t = toTable(widgets, [widget('a')], { now, version: 'v1beta1' });
    expect(t.apiVersion).toBe('meta.k8s.io/v1beta1');
    expect((t.rows[0]!.object as { apiVersion: string }).apiVersion).toBe('meta.k8s.io/v1beta1');
  });

  it('copies resourceVersion, continue and remainingItemCount from the list metadata only', () => {
    const t = toTable(widgets, [], {
      now,
      listMeta: { resourceVersion: '42', continue: 'tok', remainingItemCount: 5 },
    });
    expect(t.metadata).toEqual({ resourceVersion: '42', continue: 'tok', remainingItemCount: 5 });
    expect(t.rows).toEqual([]);
    expect(toTable(widgets, [], { now }).metadata).toEqual({});
  });

  it('serializes columnDefinitions as null when headers are omitted', () => {
    const t = toTable(widgets, [widget('a')], { now, noHeaders: true });
    expect(t.columnDefinitions).toBeNull();
    expect(JSON.stringify(t)).toContain('"columnDefinitions":null');
  });

  it('writes the wire form with kind, apiVersion, metadata, columnDefinitions, rows in order', () => {
    expect(Object.keys(toTable(widgets, [], { now }))).toEqual(['kind', 'apiVersion', 'metadata', 'columnDefinitions', 'rows']);
  });
});

describe('watchTableEncoder', () => {
  it('sends column definitions with the first event only', () => {
    const enc = watchTableEncoder(widgets, { includeObject: 'None' });
    const first = enc.encode(widget('a'), now);
    const second = enc.encode(widget('b'), now);
    expect(first.columnDefinitions).toHaveLength(4);
    expect(second.columnDefinitions).toBeNull();
    expect(second.rows).toEqual([{ cells: ['b', null, 'red', '3m'], object: null }]);
    expect(second.metadata).toEqual({ resourceVersion: '7' });
  });

  it('counts a passed-through Status event as the first event', () => {
    const enc = watchTableEncoder(widgets);
    enc.passThrough();
    expect(enc.encode(widget('a'), now).columnDefinitions).toBeNull();
  });
});
