import { describe, expect, it } from 'vitest';
import { decodeProtobufObject } from './object.js';
import { badRequestMessage } from './testdata/assert.js';
import { encode, entries, envelope, type ProtoField } from './testdata/writer.js';

const t0 = Date.UTC(2026, 0, 2, 3, 4, 5) / 1000; // 2026-01-02T03:04:05Z

function decode(apiVersion: string, kind: string, fields: ProtoField[]): Record<string, unknown> {
  return decodeProtobufObject(envelope(apiVersion, kind, fields)).object;
}

describe('ObjectMeta', () => {
  it('decodes every field into its JSON name, maps sorted, times as RFC 3339', () => {
    const meta: ProtoField[] = [
      [1, 'web'],
      [2, 'web-'],
      [3, 'team-a'],
      [5, '2b6f0cc9-0000-4000-8000-000000000000'],
      [6, '42'],
      [7, 3],
      [8, [[1, t0]]],
      [9, [[1, t0 + 30], [2, 999_999_999]]],
      [10, 30],
      ...entries(11, { tier: 'front', app: 'web' }),
      ...entries(12, { 'example.com/note': 'hi' }),
      [13, [[5, 'apps/v1'], [1, 'ReplicaSet'], [3, 'web-1'], [4, 'u-1'], [6, true], [7, false]]],
      [13, [[1, 'Other']]],
      [14, 'example.com/a'],
      [14, 'example.com/b'],
      [17, [[1, 'kubectl'], [2, 'Update'], [3, 'v1'], [4, [[1, t0]]], [6, 'FieldsV1'], [7, [[1, '{"f:data":{"f:a":{}}}']]]]],
    ];
    expect(decode('v1', 'ConfigMap', [[1, meta]]).metadata).toEqual({
      name: 'web',
      generateName: 'web-',
      namespace: 'team-a',
      uid: '2b6f0cc9-0000-4000-8000-000000000000',
      resourceVersion: '42',
      generation: 3,
      creationTimestamp: '2026-01-02T03:04:05Z',
      deletionTimestamp: '2026-01-02T03:04:35Z',
      deletionGracePeriodSeconds: 30,
      labels: { app: 'web', tier: 'front' },
      annotations: { 'example.com/note': 'hi' },
      ownerReferences: [
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u-1', controller: true, blockOwnerDeletion: false },
        { apiVersion: '', kind: 'Other', name: '', uid: '' },
      ],
      finalizers: ['example.com/a', 'example.com/b'],
      managedFields: [{ manager: 'kubectl', operation: 'Update', apiVersion: 'v1', time: '2026-01-02T03:04:05Z', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } }],
    });
    expect(Object.keys(decode('v1', 'ConfigMap', [[1, [...entries(11, { b: '2', a: '1' })]]]).metadata as object)).toEqual(['labels']);
  });

  it('omits what Go omits: empty strings, zero numbers, empty or zero times, empty lists and maps', () => {
    const meta: ProtoField[] = [[1, 'x'], [2, ''], [3, ''], [4, ''], [5, ''], [6, ''], [7, 0], [8, []], [9, []]];
    expect(decode('v1', 'ConfigMap', [[1, meta]])).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' } });
    // Go's zero time 0001-01-01T00:00:00Z is written as null, so it is omitted as well.
    expect(decode('v1', 'ConfigMap', [[1, [[8, [[1, -62135596800]]]]]]).metadata).toEqual({});
    // The Unix epoch is a real time, not the zero time.
    expect(decode('v1', 'ConfigMap', [[1, [[8, [[1, 0]]]]]]).metadata).toEqual({ creationTimestamp: '1970-01-01T00:00:00Z' });
  });

  it('emits metadata as {} even when the message is absent, as Go never omits a struct', () => {
    expect(decode('v1', 'ServiceAccount', [])).toEqual({ kind: 'ServiceAccount', apiVersion: 'v1', metadata: {} });
  });
});

describe('core/v1 kinds', () => {
  it('ConfigMap: binaryData as base64, immutable kept even when false (a pointer)', () => {
    const obj = decode('v1', 'ConfigMap', [[1, [[1, 'c']]], [4, false], ...entries(2, { a: '1' }), ...entries(3, { bin: Buffer.from([0, 255]), empty: Buffer.alloc(0) })]);
    expect(obj).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c' }, immutable: false, data: { a: '1' }, binaryData: { bin: 'AP8=', empty: '' } });
  });

  it('Secret: data bytes as base64, stringData as text, type', () => {
    const obj = decode('v1', 'Secret', [[1, [[1, 's']]], [5, true], ...entries(2, { k: 'v' }), ...entries(4, { plain: 'text' }), [3, 'Opaque']]);
    expect(obj).toEqual({ kind: 'Secret', apiVersion: 'v1', metadata: { name: 's' }, immutable: true, data: { k: 'dg==' }, stringData: { plain: 'text' }, type: 'Opaque' });
  });

  it('Namespace: spec finalizers, status phase and conditions (type and status always present)', () => {
    const obj = decode('v1', 'Namespace', [
      [1, [[1, 'ns']]],
      [2, [[1, 'kubernetes']]],
      [3, [[1, 'Terminating'], [2, [[1, 'NamespaceDeletionContentFailure'], [2, ''], [4, [[1, t0]]], [5, 'Why'], [6, 'what']]]]],
    ]);
    expect(obj).toEqual({
      kind: 'Namespace',
      apiVersion: 'v1',
      metadata: { name: 'ns' },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Terminating', conditions: [{ type: 'NamespaceDeletionContentFailure', status: '', lastTransitionTime: '2026-01-02T03:04:05Z', reason: 'Why', message: 'what' }] },
    });
  });

  it('ServiceAccount: secrets, imagePullSecrets and automountServiceAccountToken', () => {
    const obj = decode('v1', 'ServiceAccount', [
      [1, [[1, 'sa']]],
      [2, [[1, 'Secret'], [3, 'sa-token'], [2, 'default']]],
      [3, [[1, 'regcred']]],
      [4, false],
    ]);
    expect(obj).toEqual({
      kind: 'ServiceAccount',
      apiVersion: 'v1',
      metadata: { name: 'sa' },
      secrets: [{ kind: 'Secret', namespace: 'default', name: 'sa-token' }],
      imagePullSecrets: [{ name: 'regcred' }],
      automountServiceAccountToken: false,
    });
  });

  it('Event: references, source, Time to the second, MicroTime to the microsecond, series', () => {
    const obj = decode('v1', 'Event', [
      [1, [[1, 'web.17a'], [3, 'default']]],
      [2, [[1, 'Pod'], [2, 'default'], [3, 'web'], [4, 'u'], [5, 'v1'], [6, '7'], [7, 'spec.containers{app}']]],
      [3, 'Started'],
      [4, 'Started container app'],
      [5, [[1, 'kubelet'], [2, 'node-1']]],
      [6, [[1, t0], [2, 500_000_000]]],
      [7, [[1, t0 + 60]]],
      [8, 2],
      [9, 'Normal'],
      [10, [[1, t0], [2, 123_456_789]]],
      [11, [[1, 5], [2, [[1, t0 + 1], [2, 1000]]]]],
      [12, 'Start'],
      [13, [[1, 'Node'], [3, 'node-1']]],
      [14, 'kubelet'],
      [15, 'kubelet-node-1'],
    ]);
    expect(obj).toEqual({
      kind: 'Event',
      apiVersion: 'v1',
      metadata: { name: 'web.17a', namespace: 'default' },
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u', apiVersion: 'v1', resourceVersion: '7', fieldPath: 'spec.containers{app}' },
      reason: 'Started',
      message: 'Started container app',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: '2026-01-02T03:04:05Z',
      lastTimestamp: '2026-01-02T03:05:05Z',
      count: 2,
      type: 'Normal',
      eventTime: '2026-01-02T03:04:05.123456Z',
      series: { count: 5, lastObservedTime: '2026-01-02T03:04:06.000001Z' },
      action: 'Start',
      related: { kind: 'Node', name: 'node-1' },
      reportingComponent: 'kubelet',
      reportingInstance: 'kubelet-node-1',
    });
  });

  it('Event: the fields Go never omits appear even when not sent', () => {
    expect(decode('v1', 'Event', [[1, [[1, 'e']]]])).toEqual({
      kind: 'Event',
      apiVersion: 'v1',
      metadata: { name: 'e' },
      involvedObject: {},
      source: {},
      reportingComponent: '',
      reportingInstance: '',
    });
  });

  it('ResourceQuota: hard and used quantities as their text, scopes and scope selector (kubectl create quota)', () => {
    const quantities = (field: number, values: Record<string, string>): ProtoField[] =>
      Object.entries(values).map(([k, v]) => [field, [[1, k], [2, [[1, v]]]]] as ProtoField);
    const spec: ProtoField[] = [
      ...quantities(1, { 'count/configmaps': '2', 'requests.cpu': '500m' }),
      [2, 'NotBestEffort'],
      [3, [[1, [[1, 'PriorityClass'], [2, 'In'], [3, 'high']]]]],
    ];
    const status: ProtoField[] = [...quantities(1, { 'count/configmaps': '2' }), ...quantities(2, { 'count/configmaps': '1' })];
    expect(decode('v1', 'ResourceQuota', [[1, [[1, 'q']]], [2, spec], [3, status]])).toEqual({
      kind: 'ResourceQuota',
      apiVersion: 'v1',
      metadata: { name: 'q' },
      spec: {
        hard: { 'count/configmaps': '2', 'requests.cpu': '500m' },
        scopes: ['NotBestEffort'],
        scopeSelector: { matchExpressions: [{ scopeName: 'PriorityClass', operator: 'In', values: ['high'] }] },
      },
      status: { hard: { 'count/configmaps': '2' }, used: { 'count/configmaps': '1' } },
    });
    // spec and status are structs Go never omits.
    expect(decode('v1', 'ResourceQuota', [[1, [[1, 'q']]]])).toEqual({ kind: 'ResourceQuota', apiVersion: 'v1', metadata: { name: 'q' }, spec: {}, status: {} });
  });
});

describe('other groups', () => {
  it('Lease: every spec field is a pointer, so zeros that were sent are kept', () => {
    const obj = decode('coordination.k8s.io/v1', 'Lease', [
      [1, [[1, 'kube-scheduler'], [3, 'kube-system']]],
      [2, [[1, 'node-1_abc'], [2, 15], [3, [[1, t0], [2, 7_000]]], [4, [[1, t0 + 10]]], [5, 0], [6, 'OldestEmulationVersion'], [7, 'node-2']]],
    ]);
    expect(obj).toEqual({
      kind: 'Lease',
      apiVersion: 'coordination.k8s.io/v1',
      metadata: { name: 'kube-scheduler', namespace: 'kube-system' },
      spec: {
        holderIdentity: 'node-1_abc',
        leaseDurationSeconds: 15,
        acquireTime: '2026-01-02T03:04:05.000007Z',
        renewTime: '2026-01-02T03:04:15.000000Z',
        leaseTransitions: 0,
        strategy: 'OldestEmulationVersion',
        preferredHolder: 'node-2',
      },
    });
  });

  it('DeleteOptions: decoded whatever group version the client put on it', () => {
    const fields: ProtoField[] = [[1, 0], [2, [[1, 'u-1'], [2, '']]], [3, false], [4, 'Foreground'], [5, 'All']];
    const expected = { gracePeriodSeconds: 0, preconditions: { uid: 'u-1', resourceVersion: '' }, orphanDependents: false, propagationPolicy: 'Foreground', dryRun: ['All'] };
    expect(decode('v1', 'DeleteOptions', fields)).toEqual({ kind: 'DeleteOptions', apiVersion: 'v1', ...expected });
    expect(decode('apps/v1', 'DeleteOptions', fields)).toEqual({ kind: 'DeleteOptions', apiVersion: 'apps/v1', ...expected });
    expect(decode('meta.k8s.io/v1', 'DeleteOptions', [])).toEqual({ kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1' });
  });

  it('TokenRequest and SubjectAccessReview: user extra as lists, allowed always present', () => {
    expect(decode('authentication.k8s.io/v1', 'TokenRequest', [[2, [[1, 'api'], [4, 600]]]])).toEqual({
      kind: 'TokenRequest',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: {},
      spec: { audiences: ['api'], expirationSeconds: 600 },
      status: { token: '' },
    });
    const sar = decode('authorization.k8s.io/v1', 'SubjectAccessReview', [
      [2, [[1, [[2, 'list'], [5, 'pods'], [8, [[1, 'spec.nodeName=n1']]], [9, [[2, [[1, 'app'], [2, 'In'], [3, 'web']]]]]]], [3, 'alice'], [4, 'devs'], [5, [[1, 'scopes'], [2, [[1, 'a'], [1, 'b']]]]], [6, 'uid-1']]],
    ]);
    expect(sar.spec).toEqual({
      resourceAttributes: { verb: 'list', resource: 'pods', fieldSelector: { rawSelector: 'spec.nodeName=n1' }, labelSelector: { requirements: [{ key: 'app', operator: 'In', values: ['web'] }] } },
      user: 'alice',
      groups: ['devs'],
      extra: { scopes: ['a', 'b'] },
      uid: 'uid-1',
    });
    expect(sar.status).toEqual({ allowed: false });
  });
});

describe('wire-level rules', () => {
  it('skips unknown fields of every wire type, at every level', () => {
    const obj = decode('v1', 'ConfigMap', [
      [99, 'future'],
      [1, [[1, 'x'], [1000, 5], [16, { fixed32: 1 }]]],
      [98, { fixed64: 1n }],
      [2, [[1, 'a'], [2, '1'], [3, 'ignored']]],
    ]);
    expect(obj).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' }, data: { a: '1' } });
  });

  it('merges repeated occurrences of a message field and keeps the last scalar and map value', () => {
    const obj = decode('v1', 'ConfigMap', [[1, [[1, 'first']]], [1, [[3, 'ns'], [1, 'second']]], ...entries(2, { a: '1' }), ...entries(2, { a: '2' })]);
    expect(obj).toEqual({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'second', namespace: 'ns' }, data: { a: '2' } });
  });

  it('decodes negative int32/int64 sent as 10-byte varints', () => {
    expect(decode('v1', 'DeleteOptions', [[1, -1]])).toMatchObject({ gracePeriodSeconds: -1 });
    expect(decode('v1', 'Event', [[8, -2]])).toMatchObject({ count: -2 });
  });

  it('rejects a known field sent with the wrong wire type, naming where', () => {
    expect(badRequestMessage(() => decode('v1', 'ConfigMap', [[1, [[1, 7]]]]))).toBe('unable to decode protobuf body: wrong wire type 0 for field name (1) in ConfigMap.metadata');
    expect(badRequestMessage(() => decode('v1', 'ConfigMap', [[4, 'yes']]))).toBe('unable to decode protobuf body: wrong wire type 2 for field immutable (4) in ConfigMap');
  });

  it('rejects int64 values a JSON number cannot hold exactly, bad timestamps and bad FieldsV1', () => {
    expect(badRequestMessage(() => decode('v1', 'ConfigMap', [[1, [[7, 2n ** 60n]]]]))).toBe(
      'unable to decode protobuf body: int64 value 1152921504606846976 is outside the range a JSON number holds exactly in ConfigMap.metadata.generation',
    );
    expect(badRequestMessage(() => decode('v1', 'ConfigMap', [[1, [[8, [[1, 253402300800]]]]]]))).toContain('timestamp outside 0001-01-01..9999-12-31');
    expect(badRequestMessage(() => decode('v1', 'ConfigMap', [[1, [[17, [[7, [[1, '{not json']]]]]]]]))).toContain('FieldsV1 is not valid JSON');
  });

  it('accepts an already-encoded raw object', () => {
    const raw = encode([[1, [[1, 'x']]]]);
    expect(decodeProtobufObject(envelope('v1', 'Secret', raw)).object).toEqual({ kind: 'Secret', apiVersion: 'v1', metadata: { name: 'x' } });
  });
});
