import { describe, expect, it } from 'vitest';
import { type ApiObject, errors, formatFieldError } from '@apiserver-kit/core';
import { toTable } from '../table/index.js';
import { configMaps, configMapSchema } from './configmaps.js';

const now = new Date('2024-05-01T12:00:00Z');

function cm(fields: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'cfg', namespace: 'default', creationTimestamp: '2024-05-01T11:00:00Z', resourceVersion: '5', ...meta },
    ...fields,
  };
}

const validate = (o: ApiObject) => configMaps.strategy!.validate!(o).map(formatFieldError);
const validateUpdate = (o: ApiObject, old: ApiObject) => configMaps.strategy!.validateUpdate!(o, old).map(formatFieldError);

describe('configmaps definition', () => {
  it('is the namespaced core/v1 ConfigMap with shortName cm', () => {
    expect(configMaps).toMatchObject({ group: '', versions: ['v1'], kind: 'ConfigMap', plural: 'configmaps', singular: 'configmap', shortNames: ['cm'], namespaced: true });
  });

  it('prints NAME DATA AGE with DATA counting data and binaryData keys', () => {
    const t = toTable(configMaps, [cm({ data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } })], { now });
    expect(t.columnDefinitions!.map((c) => `${c.name}:${c.type}`)).toEqual(['Name:string', 'Data:string', 'Age:string']);
    expect(t.rows[0]!.cells).toEqual(['cfg', 3, '60m']);
    expect(toTable(configMaps, [cm()], { now }).rows[0]!.cells).toEqual(['cfg', 0, '60m']);
  });
});

describe('configMapSchema', () => {
  it('accepts a kube-shaped ConfigMap', () => {
    const r = configMapSchema.safeParse(cm({ data: { 'app.properties': 'x=1' }, binaryData: { bin: 'AAEC' }, immutable: false }, { labels: { a: 'b' } }));
    expect(r.success).toBe(true);
  });

  it('accepts null for omitted fields, as Go decoding does', () => {
    expect(configMapSchema.safeParse(cm({ data: null, binaryData: null })).success).toBe(true);
  });

  it('reports unknown fields, top-level and in metadata, as unrecognized keys', () => {
    const r = configMapSchema.safeParse(cm({ spec: {} }, { bogus: 1 }));
    expect(r.success).toBe(false);
    const issues = r.error!.issues.filter((i) => i.code === 'unrecognized_keys').map((i) => [i.path.join('.'), (i as { keys: string[] }).keys]);
    expect(issues).toEqual(expect.arrayContaining([['', ['spec']], ['metadata', ['bogus']]]));
  });

  it('rejects non-string data values and bad base64 in binaryData with their paths', () => {
    const r = configMapSchema.safeParse(cm({ data: { a: 1 }, binaryData: { b: 'a$bc' } }));
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['data.a', expect.stringContaining('expected string')],
      ['binaryData.b', 'illegal base64 data at input byte 1'],
    ]);
  });
});

describe('configmap validation', () => {
  it('accepts a valid ConfigMap', () => {
    expect(validate(cm({ data: { a: 'b' } }))).toEqual([]);
  });

  it('requires a DNS-subdomain name', () => {
    expect(validate(cm({}, { name: 'Bad_Name' }))).toEqual([
      `metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    ]);
  });

  it('rejects invalid keys at data[key] and binaryData[key]', () => {
    expect(validate(cm({ data: { 'bad key': 'x' }, binaryData: { '..x': 'AA==' } }))).toEqual([
      `data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      `binaryData[..x]: Invalid value: "..x": must not start with '..'`,
    ]);
  });

  it('rejects a key present in both data and binaryData', () => {
    expect(validate(cm({ data: { k: 'x' }, binaryData: { k: 'AA==' } }))).toEqual([
      'data[k]: Invalid value: "k": duplicate of key present in binaryData',
    ]);
  });

  it('limits the total size to 1 MiB, counting decoded binary bytes', () => {
    const big = 'x'.repeat(1024 * 1024);
    expect(validate(cm({ data: { a: big } }))).toEqual([]);
    expect(validate(cm({ data: { a: big }, binaryData: { b: 'AA==' } }))).toEqual([': Too long: may not be more than 1048576 bytes']);
  });

  it("forbids changing an immutable ConfigMap's data, binaryData or immutability", () => {
    const old = cm({ data: { a: '1' }, immutable: true });
    expect(validateUpdate(cm({ data: { a: '1' }, immutable: true }), old)).toEqual([]);
    expect(validateUpdate(cm({ data: { a: '2' }, binaryData: { b: 'AA==' }, immutable: false }), old)).toEqual([
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
      'binaryData: Forbidden: field is immutable when `immutable` is set',
    ]);
  });

  it("builds kube's Invalid message for an immutable ConfigMap", () => {
    const old = cm({ data: { a: '1' }, immutable: true });
    const errs = configMaps.strategy!.validateUpdate!(cm({ data: { a: '2' }, immutable: true }), old);
    expect(errors.invalid({ group: '', kind: 'ConfigMap' }, 'cfg', errs).status.message).toBe(
      'ConfigMap "cfg" is invalid: data: Forbidden: field is immutable when `immutable` is set',
    );
  });

  it('allows any change to a mutable ConfigMap', () => {
    expect(validateUpdate(cm({ data: { a: '2' }, immutable: true }), cm({ data: { a: '1' } }))).toEqual([]);
  });

  it('checks metadata immutability on update', () => {
    expect(validateUpdate(cm({}, { uid: 'b' }), cm({}, { uid: 'a' }))).toEqual(['metadata.uid: Invalid value: "b": field is immutable']);
  });
});
