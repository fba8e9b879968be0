import { describe, expect, it } from 'vitest';
import { isProtobufContentType, protobufContentType } from './media.js';
import { decodeProtobufObject, protobufMagic } from './object.js';
import { badRequestMessage } from './testdata/assert.js';
import { encode, envelope } from './testdata/writer.js';

describe('decodeProtobufObject', () => {
  it('returns apiVersion, kind and the object with both set from the envelope', () => {
    const decoded = decodeProtobufObject(envelope('v1', 'ConfigMap', [[1, [[1, 'x']]]]));
    expect(decoded).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' } } });
  });

  it("rejects a body without the k8s\\0 prefix with kube's message", () => {
    const expected = 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]';
    expect(badRequestMessage(() => decodeProtobufObject(Buffer.from('{"kind":"ConfigMap"}')))).toBe(expected);
    expect(badRequestMessage(() => decodeProtobufObject(Buffer.alloc(0)))).toBe(expected);
    expect(badRequestMessage(() => decodeProtobufObject(Buffer.from('k8s')))).toBe(expected);
  });

  it('rejects a truncated envelope or object', () => {
    const body = envelope('v1', 'ConfigMap', [[1, [[1, 'x']]]]);
    expect(badRequestMessage(() => decodeProtobufObject(body.subarray(0, 10)))).toBe('unable to decode protobuf body: truncated length-delimited field in Unknown');
    const raw = encode([[1, [[1, 'name']]]]);
    expect(badRequestMessage(() => decodeProtobufObject(envelope('v1', 'ConfigMap', raw.subarray(0, raw.length - 2))))).toBe(
      'unable to decode protobuf body: truncated length-delimited field in ConfigMap',
    );
  });

  it('rejects kinds without a descriptor table, asking for JSON', () => {
    expect(badRequestMessage(() => decodeProtobufObject(envelope('v1', 'Pod', [])))).toBe('protobuf is not supported for kind "Pod" in version "v1"; send application/json');
    expect(badRequestMessage(() => decodeProtobufObject(envelope('v2', 'ConfigMap', [])))).toBe(
      'protobuf is not supported for kind "ConfigMap" in version "v2"; send application/json',
    );
  });

  it('rejects an envelope without kind or apiVersion, or with a content encoding', () => {
    const bare = (fields: Parameters<typeof encode>[0]) => Buffer.concat([protobufMagic, encode(fields)]);
    expect(badRequestMessage(() => decodeProtobufObject(bare([[1, [[1, 'v1']]]])))).toBe("Object 'Kind' is missing in the protobuf body");
    expect(badRequestMessage(() => decodeProtobufObject(bare([[1, [[2, 'ConfigMap']]]])))).toBe("Object 'apiVersion' is missing in the protobuf body");
    expect(badRequestMessage(() => decodeProtobufObject(bare([[1, [[1, 'v1'], [2, 'ConfigMap']]], [3, 'gzip']])))).toBe(
      'protobuf body has unsupported contentEncoding "gzip"',
    );
    expect(badRequestMessage(() => decodeProtobufObject(bare([[1, [[1, 'v1'], [2, 'ConfigMap']]], [4, 'application/json']])))).toBe(
      'protobuf body wraps unsupported contentType "application/json"',
    );
  });

  it('accepts an envelope whose raw object is absent, and skips unknown envelope fields', () => {
    const body = Buffer.concat([protobufMagic, encode([[9, 'x'], [1, [[1, 'v1'], [2, 'Namespace'], [3, 'extra']]], [4, protobufContentType]])]);
    expect(decodeProtobufObject(body).object).toEqual({ kind: 'Namespace', apiVersion: 'v1', metadata: {}, spec: {}, status: {} });
  });
});

describe('isProtobufContentType', () => {
  it('matches the Kubernetes protobuf media type, ignoring case and parameters', () => {
    expect(isProtobufContentType('application/vnd.kubernetes.protobuf')).toBe(true);
    expect(isProtobufContentType('Application/VND.Kubernetes.Protobuf; charset=utf-8')).toBe(true);
    expect(isProtobufContentType('application/json')).toBe(false);
    expect(isProtobufContentType('application/vnd.kubernetes.protobuf+json')).toBe(false);
    expect(isProtobufContentType('')).toBe(false);
    expect(isProtobufContentType(undefined)).toBe(false);
  });
});
