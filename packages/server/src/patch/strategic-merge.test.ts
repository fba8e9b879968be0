import { describe, expect, it } from 'vitest';
import { statusOf } from '@apiserver-kit/core/testing';
import { parse } from 'yaml';
import type { ApiObject } from '@apiserver-kit/core';
import { applyStrategicMergePatch } from './strategic-merge.js';

// The patch metadata of strategicpatch's test type "mergeItem".
const mergeKeys = {
  mergingList: 'name',
  mergeItemPtr: 'name',
  'retainKeysMap.mergingList': 'name',
  retainKeysMergingList: 'name',
};
const primitiveLists = ['mergingIntList'];

function smp(original: string | object, patch: string | object): unknown {
  const o = (typeof original === 'string' ? parse(original) : original) as ApiObject;
  const p = typeof patch === 'string' ? (parse(patch) as unknown) : patch;
  return applyStrategicMergePatch(o, p, mergeKeys, primitiveLists);
}


describe('applyStrategicMergePatch: cases ported from strategicpatch/patch_test.go', () => {
  it('adds a map and deletes a map in a merging list (three-way patch onto current)', () => {
    const current = 'mergingList:\n  - name: 1\n    other: a\n  - name: 4\n    other: c\n';
    const patch = `
$setElementOrder/mergingList:
  - name: 2
  - name: 3
mergingList:
  - name: 2
  - name: 3
  - name: 1
    $patch: delete
`;
    expect(smp(current, patch)).toEqual({ mergingList: [{ name: 4, other: 'c' }, { name: 2 }, { name: 3 }] });
  });

  it('nested patch merge with empty list keeps server-only items after patched ones', () => {
    const current = 'name: hi\nmergingList:\n- name: hello2\n';
    const patch = '$setElementOrder/mergingList:\n- name: hello\n- name: doesntexist\nmergingList:\n- name: hello\n';
    expect(smp(current, patch)).toEqual({ name: 'hi', mergingList: [{ name: 'hello' }, { name: 'hello2' }] });
  });

  it('drops delete directives from a list that does not exist yet', () => {
    const patch = 'mergingList:\n- name: hello\n- $patch: delete\n  name: doesntexist\n';
    expect(smp('name: hi\n', patch)).toEqual({ name: 'hi', mergingList: [{ name: 'hello' }] });
  });

  it('deletes items in lists of scalars and keeps the requested order', () => {
    const patch = '$setElementOrder/mergingIntList:\n  - 1\n  - 2\n$deleteFromPrimitiveList/mergingIntList:\n  - 3\n';
    expect(smp('mergingIntList: [1, 2, 3, 4]\n', patch)).toEqual({ mergingIntList: [1, 2, 4] });
    const reorder = '$setElementOrder/mergingIntList:\n- 2\n- 1\n$deleteFromPrimitiveList/mergingIntList:\n- 3\n';
    expect(smp('mergingIntList: [1, 2, 3]\n', reorder)).toEqual({ mergingIntList: [2, 1] });
  });

  it('adds an item in a list and preserves the order, keeping server-side fields', () => {
    const current = 'mergingList:\n  - name: 1\n    other: a\n  - name: 2\n    value: 2\n    other: b\n';
    const patch = '$setElementOrder/mergingList:\n  - name: 3\n  - name: 1\n  - name: 2\nmergingList:\n  - name: 3\n    value: 3\n';
    expect(smp(current, patch)).toEqual({
      mergingList: [
        { name: 3, value: 3 },
        { name: 1, other: 'a' },
        { name: 2, value: 2, other: 'b' },
      ],
    });
  });

  it('ignores $setElementOrder items that are not in the list', () => {
    const patch = '$setElementOrder/mergingList:\n  - name: 3\n  - name: 2\n  - name: 1\nmergingList:\n  - name: 3\n    value: 3\n  - name: 1\n    value: 1\n';
    expect(smp('mergingList:\n  - name: 1\n  - name: 3\n', patch)).toEqual({
      mergingList: [
        { name: 3, value: 3 },
        { name: 1, value: 1 },
      ],
    });
    expect(smp('mergingIntList: [1, 3]\n', '$setElementOrder/mergingIntList: [3, 2, 1]\n')).toEqual({ mergingIntList: [3, 1] });
  });

  it('deletes in one list and reorders another', () => {
    const current = 'mergingList:\n- name: a\n  value: a\n- name: b\n  value: b\nmergeItemPtr:\n- name: c\n  value: c\n- name: d\n  value: d\n';
    const patch = '$setElementOrder/mergingList:\n- name: b\n$setElementOrder/mergeItemPtr:\n- name: d\n- name: c\nmergingList:\n- $patch: delete\n  name: a\n';
    expect(smp(current, patch)).toEqual({
      mergingList: [{ name: 'b', value: 'b' }],
      mergeItemPtr: [
        { name: 'd', value: 'd' },
        { name: 'c', value: 'c' },
      ],
    });
  });

  it('merges a nested list inside a retainKeys map and clears unlisted keys', () => {
    const current = 'retainKeysMap:\n  name: foo\n  other: gone\n  mergingList:\n  - name: a\n  - name: b\n  - name: c\n';
    const patch = 'retainKeysMap:\n  $retainKeys:\n    - mergingList\n    - name\n    - value\n  $setElementOrder/mergingList:\n    - name: a\n    - name: b\n  value: bar\n';
    expect(smp(current, patch)).toEqual({
      retainKeysMap: { name: 'foo', value: 'bar', mergingList: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] },
    });
  });
});

describe('applyStrategicMergePatch: semantics', () => {
  const pod = (): ApiObject => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'p',
      labels: { app: 'web', tier: 'fe' },
      finalizers: ['a/x'],
      ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n', uid: 'u1' }],
    },
    spec: { containers: [{ name: 'app', image: 'nginx:1', args: ['a', 'b'] }, { name: 'side', image: 's:1' }] },
  });
  const podKeys = { 'spec.containers': 'name' };

  it('merges maps recursively and deletes keys set to null', () => {
    const out = applyStrategicMergePatch(pod(), { metadata: { labels: { tier: null, env: 'prod' } } }, podKeys);
    expect(out.metadata.labels).toEqual({ app: 'web', env: 'prod' });
  });

  it('merges list items by merge key and replaces lists without one', () => {
    const out = applyStrategicMergePatch(pod(), { spec: { containers: [{ name: 'app', image: 'nginx:2', args: ['c'] }] } }, podKeys);
    expect(out.spec).toEqual({
      containers: [
        { name: 'app', image: 'nginx:2', args: ['c'] },
        { name: 'side', image: 's:1' },
      ],
    });
  });

  it('replaces a keyed list when an element says $patch: replace', () => {
    const out = applyStrategicMergePatch(pod(), { spec: { containers: [{ $patch: 'replace' }, { name: 'only', image: 'o' }] } }, podKeys);
    expect((out.spec as { containers: unknown[] }).containers).toEqual([{ name: 'only', image: 'o' }]);
  });

  it('replaces or deletes a map with $patch', () => {
    const replaced = applyStrategicMergePatch(pod(), { metadata: { labels: { $patch: 'replace', only: 'x' } } }, podKeys);
    expect(replaced.metadata.labels).toEqual({ only: 'x' });
    const deleted = applyStrategicMergePatch(pod(), { metadata: { labels: { $patch: 'delete' } } }, podKeys);
    expect(deleted.metadata.labels).toEqual({});
  });

  it('merges metadata.finalizers as a set and ownerReferences by uid (built in)', () => {
    const out = applyStrategicMergePatch(
      pod(),
      {
        metadata: {
          finalizers: ['b/y', 'a/x'],
          ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'n2', uid: 'u2' }],
        },
      },
      podKeys,
    );
    expect(out.metadata.finalizers).toEqual(['b/y', 'a/x']);
    // without $setElementOrder, kube places patched items before server-only ones
    expect(out.metadata.ownerReferences?.map((r) => r.uid)).toEqual(['u2', 'u1']);
    const removed = applyStrategicMergePatch(pod(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a/x'] } }, podKeys);
    expect(removed.metadata.finalizers).toEqual([]);
  });

  it('treats a null body as no change and never mutates the original', () => {
    const original = pod();
    const snapshot = JSON.stringify(original);
    expect(applyStrategicMergePatch(original, null, podKeys)).toEqual(original);
    applyStrategicMergePatch(original, { spec: { containers: [{ name: 'app', image: 'x' }] } }, podKeys);
    expect(JSON.stringify(original)).toBe(snapshot);
  });

  it('drops directives and nulls inside values it adds', () => {
    const out = applyStrategicMergePatch(pod(), { spec: { newMap: { a: null, b: 1, '$retainKeys': ['b'] } } }, podKeys);
    expect((out.spec as Record<string, unknown>).newMap).toEqual({ b: 1 });
  });
});

describe('applyStrategicMergePatch: errors', () => {
  it('answers 400 with the Go decoding message for a body that is not an object', () => {
    const err = statusOf(() => smp({}, [1]));
    expect(err.status).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(err.status.message).toBe('json: cannot unmarshal array into Go value of type map[string]interface {}');
  });

  it('answers 400 for malformed directives', () => {
    expect(statusOf(() => smp({ retainKeysMap: {} }, { retainKeysMap: { $retainKeys: 'x' } })).status.message).toBe(
      'invalid patch format of retainKeys',
    );
    expect(statusOf(() => smp({}, { retainKeysMap: {}, x: 1, $retainKeys: ['retainKeysMap'] })).status.message).toBe(
      'invalid patch format of retainKeys',
    );
    expect(statusOf(() => smp({ a: [1] }, { $setElementOrder: [1] })).status.message).toBe('invalid patch format of setElementOrder list');
  });

  it('answers 422 generic Invalid for lists of lists', () => {
    const err = statusOf(() => smp({ mergingList: [[1]] }, { mergingList: [[2]] }));
    expect(err.status.code).toBe(422);
    expect(err.status.message).toBe('the server rejected our request due to an error in our request');
  });

  it('answers 500 with kube message for unknown directives and missing merge keys', () => {
    const unknown = statusOf(() => smp({ m: { a: 1 } }, { m: { $patch: 'nope', b: 2 } }));
    expect(unknown.status).toMatchObject({ code: 500, reason: 'Unknown', message: 'unknown patch type: nope in map: map[$patch:nope b:2]' });
    const noKey = statusOf(() => smp({ mergingList: [{ name: 'a' }] }, { mergingList: [{ value: 1 }] }));
    expect(noKey.status.message).toBe('map: map[value:1] does not contain declared merge key: name');
    const listMerge = statusOf(() => smp({ mergingList: [{ name: 'a' }] }, { mergingList: [{ $patch: 'merge' }] }));
    expect(listMerge.status.message).toBe('merging lists cannot yet be specified in the patch');
  });
});
