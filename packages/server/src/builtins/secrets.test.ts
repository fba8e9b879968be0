import { describe, expect, it } from 'vitest';
import { type ApiObject, formatFieldError } from '@apiserver-kit/core';
import { toTable } from '../table/index.js';
import { secrets, secretSchema } from './secrets.js';

const now = new Date('2024-05-01T12:00:00Z');

function secret(fields: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 's', namespace: 'default', creationTimestamp: '2024-04-29T12:00:00Z', resourceVersion: '3', ...meta },
    ...fields,
  };
}

const strategy = secrets.strategy!;
const validate = (o: ApiObject) => strategy.validate!(o).map(formatFieldError);
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('secrets definition', () => {
  it('is the namespaced core/v1 Secret without short names', () => {
    expect(secrets).toMatchObject({ group: '', kind: 'Secret', plural: 'secrets', singular: 'secret', namespaced: true });
    expect(secrets.shortNames).toBeUndefined();
  });

  it('prints NAME TYPE DATA AGE', () => {
    const t = toTable(secrets, [secret({ type: 'Opaque', data: { a: 'YQ==', b: 'Yg==' } })], { now });
    expect(t.columnDefinitions!.map((c) => c.name)).toEqual(['Name', 'Type', 'Data', 'Age']);
    expect(t.rows[0]!.cells).toEqual(['s', 'Opaque', 2, '2d']);
  });

  it('offers type as a field selector', () => {
    expect(strategy.selectableFields!(secret({ type: 'kubernetes.io/tls' }))).toEqual({ type: 'kubernetes.io/tls' });
  });
});

describe('secret defaulting', () => {
  it('merges stringData into data as base64, overwriting, and drops stringData', () => {
    const s = secret({ data: { a: b64('old'), keep: b64('k') }, stringData: { a: 'new', b: 'héllo' } });
    strategy.defaults!(s);
    expect(s.data).toEqual({ a: b64('new'), keep: b64('k'), b: b64('héllo') });
    expect('stringData' in s).toBe(false);
  });

  it('defaults type to Opaque and keeps an explicit type', () => {
    const a = secret();
    strategy.defaults!(a);
    expect(a.type).toBe('Opaque');
    const b = secret({ type: 'kubernetes.io/tls' });
    strategy.defaults!(b);
    expect(b.type).toBe('kubernetes.io/tls');
  });
});

describe('secretSchema', () => {
  it('accepts a kube-shaped Secret with stringData', () => {
    expect(secretSchema.safeParse(secret({ type: 'Opaque', data: { a: 'YQ==' }, stringData: { b: 'x' }, immutable: true })).success).toBe(true);
  });

  it('rejects data that is not base64 and unknown fields', () => {
    const r = secretSchema.safeParse(secret({ data: { a: 'not base64!' }, extra: true }));
    expect(r.error!.issues.map((i) => [i.code, i.path.join('.')])).toEqual([
      ['custom', 'data.a'],
      ['unrecognized_keys', ''],
    ]);
  });
});

describe('secret validation', () => {
  it('accepts an Opaque secret', () => {
    expect(validate(secret({ type: 'Opaque', data: { 'tls.crt': 'YQ==' } }))).toEqual([]);
  });

  it('rejects invalid keys and more than 1 MiB of decoded data', () => {
    const mib = Buffer.alloc(1024 * 1024).toString('base64');
    expect(validate(secret({ type: 'Opaque', data: { 'a b': 'YQ==', big: mib } }))).toEqual([
      expect.stringMatching(/^data\[a b\]: Invalid value: "a b": a valid config key must consist/),
      'data: Too long: may not be more than 1048576 bytes',
    ]);
  });

  it('requires the keys of each well-known type', () => {
    expect(validate(secret({ type: 'kubernetes.io/tls', data: {} }))).toEqual([
      'data[tls.crt]: Required value',
      'data[tls.key]: Required value',
    ]);
    expect(validate(secret({ type: 'kubernetes.io/basic-auth' }))).toEqual(['data[username]: Required value', 'data[password]: Required value']);
    expect(validate(secret({ type: 'kubernetes.io/basic-auth', data: { password: '' } }))).toEqual([]);
    expect(validate(secret({ type: 'kubernetes.io/ssh-auth', data: { 'ssh-privatekey': '' } }))).toEqual(['data[ssh-privatekey]: Required value']);
    expect(validate(secret({ type: 'kubernetes.io/dockerconfigjson' }))).toEqual(['data[.dockerconfigjson]: Required value']);
    expect(validate(secret({ type: 'kubernetes.io/service-account-token' }))).toEqual([
      'metadata.annotations[kubernetes.io/service-account.name]: Required value',
    ]);
    expect(
      validate(secret({ type: 'kubernetes.io/service-account-token' }, { annotations: { 'kubernetes.io/service-account.name': 'default' } })),
    ).toEqual([]);
  });

  it('requires docker config secrets to hold a JSON object, redacting the value', () => {
    expect(validate(secret({ type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64('{"a":{}}') } }))).toEqual([]);
    expect(validate(secret({ type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': b64('oops') } }))).toEqual([
      `data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character 'o' looking for beginning of value`,
    ]);
    expect(validate(secret({ type: 'kubernetes.io/dockercfg', data: { '.dockercfg': b64('[1]') } }))).toEqual([
      'data[.dockercfg]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
    ]);
  });

  it('makes type immutable and guards immutable secrets on update', () => {
    const old = secret({ type: 'Opaque', data: { a: 'YQ==' }, immutable: true });
    expect(strategy.validateUpdate!(secret({ type: 'kubernetes.io/tls', data: { a: 'Yg==', 'tls.crt': '', 'tls.key': '' }, immutable: false }), old).map(formatFieldError)).toEqual([
      'type: Invalid value: "kubernetes.io/tls": field is immutable',
      'immutable: Forbidden: field is immutable when `immutable` is set',
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
    expect(strategy.validateUpdate!(secret({ type: 'Opaque', data: { a: 'YQ==' }, immutable: true }), old)).toEqual([]);
  });
});
