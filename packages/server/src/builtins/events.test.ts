import { describe, expect, it } from 'vitest';
import { type ApiObject, formatFieldError } from '@apiserver-kit/core';
import { toTable } from '../table/index.js';
import { eventSchema, events } from './events.js';

const now = new Date('2024-05-01T12:00:00Z');

function event(fields: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: 'web-0.17c3', namespace: 'default', creationTimestamp: '2024-05-01T11:50:00Z', resourceVersion: '4', ...meta },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-0', uid: 'u1', apiVersion: 'v1', fieldPath: 'spec.containers{app}' },
    reason: 'Pulled',
    message: '  Successfully pulled image "nginx"\n',
    source: { component: 'kubelet', host: 'node-1' },
    firstTimestamp: '2024-05-01T11:50:00Z',
    lastTimestamp: '2024-05-01T11:58:00Z',
    count: 3,
    type: 'Normal',
    ...fields,
  };
}

const strategy = events.strategy!;
const validate = (o: ApiObject) => strategy.validate!(o).map(formatFieldError);

describe('events table', () => {
  it('has the columns kubectl get events prints, Name last with priority 1', () => {
    const t = toTable(events, [], { now });
    expect(t.columnDefinitions!.map((c) => `${c.name}/${c.priority}`)).toEqual([
      'Last Seen/0',
      'Type/0',
      'Reason/0',
      'Object/0',
      'Subobject/1',
      'Source/1',
      'Message/0',
      'First Seen/1',
      'Count/1',
      'Name/1',
    ]);
    expect(t.columnDefinitions![9]!.format).toBe('name');
  });

  it('fills the wide cells as kube-apiserver does', () => {
    const t = toTable(events, [event()], { now });
    expect(t.rows[0]!.cells).toEqual(['2m', 'Normal', 'Pulled', 'pod/web-0', 'spec.containers{app}', 'kubelet, node-1', 'Successfully pulled image "nginx"', '10m', 3, 'web-0.17c3']);
  });

  it('uses eventTime, series and reporting fields for new-style events', () => {
    const e = event({
      firstTimestamp: null,
      lastTimestamp: null,
      count: 0,
      source: {},
      eventTime: '2024-05-01T11:00:00.000000Z',
      series: { count: 7, lastObservedTime: '2024-05-01T11:59:00.000000Z' },
      reportingComponent: 'example.com/ctl',
      reportingInstance: 'ctl-1',
      involvedObject: { kind: 'Node', name: '' },
    });
    const cells = toTable(events, [e], { now }).rows[0]!.cells;
    expect(cells[0]).toBe('60s');
    expect(cells[3]).toBe('node');
    expect(cells[5]).toBe('example.com/ctl, ctl-1');
    expect(cells.slice(7, 9)).toEqual(['60m', 7]);
  });

  it('counts a singleton event without count as 1 and shows last seen as first seen', () => {
    const cells = toTable(events, [event({ count: undefined, lastTimestamp: undefined })], { now }).rows[0]!.cells;
    expect(cells[0]).toBe('10m');
    expect(cells[8]).toBe(1);
  });
});

describe('events selectable fields', () => {
  it('offers involvedObject.*, reason, reportingComponent, source and type', () => {
    expect(strategy.selectableFields!(event())).toEqual({
      'involvedObject.kind': 'Pod',
      'involvedObject.namespace': 'default',
      'involvedObject.name': 'web-0',
      'involvedObject.uid': 'u1',
      'involvedObject.apiVersion': 'v1',
      'involvedObject.resourceVersion': '',
      'involvedObject.fieldPath': 'spec.containers{app}',
      reason: 'Pulled',
      reportingComponent: '',
      source: 'kubelet',
      type: 'Normal',
    });
  });

  it('falls back to reportingComponent for source', () => {
    expect(strategy.selectableFields!(event({ source: {}, reportingComponent: 'ctl' })).source).toBe('ctl');
  });
});

describe('events validation (core/v1 legacy rules)', () => {
  it('accepts an old-style event about an object in its namespace', () => {
    expect(validate(event())).toEqual([]);
  });

  it('requires the involved object to be in the event namespace', () => {
    expect(validate(event({}, { namespace: 'other' }))).toEqual(['involvedObject.namespace: Invalid value: "default": does not match event.namespace']);
  });

  it('allows events about cluster-scoped objects in default', () => {
    expect(validate(event({ involvedObject: { kind: 'Node', name: 'n1' } }))).toEqual([]);
    expect(validate(event({ involvedObject: { kind: 'Node', name: 'n1' } }, { namespace: 'apps' }))).toEqual([
      'involvedObject.namespace: Invalid value: "": does not match event.namespace',
    ]);
  });

  it('requires reporting fields, action and reason on events with eventTime', () => {
    expect(validate(event({ eventTime: '2024-05-01T11:00:00.000000Z', reason: '' }))).toEqual([
      'reportingController: Required value',
      `reportingController: Invalid value: "": name part must be non-empty`,
      `reportingController: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
    ]);
  });

  it('limits the length of message on events with eventTime', () => {
    const e = event({ eventTime: '2024-05-01T11:00:00.000000Z', reportingComponent: 'ctl', reportingInstance: 'i', action: 'A', message: 'x'.repeat(1025) });
    expect(validate(e)).toEqual(['message: Invalid value: "": can have at most 1024 characters']);
  });

  it('schema accepts kube-shaped events and rejects unknown fields in source', () => {
    expect(eventSchema.safeParse(event({ eventTime: '2024-05-01T11:00:00.000000Z', action: 'Pull', related: { kind: 'Node' } })).success).toBe(true);
    const r = eventSchema.safeParse(event({ source: { component: 'x', zone: 'a' }, count: 1.5 }));
    expect(r.error!.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['unrecognized_keys', 'source'],
      ['invalid_type', 'count'],
    ]);
  });
});
