import { describe, expect, it } from 'vitest';
import { StatusError } from '@apiserver-kit/core';
import { cellForJSONValue } from './cells.js';
import { parseIncludeObject, tableOptionsFromQuery, wantsTable } from './negotiate.js';

const kubectlAccept =
  'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

describe('wantsTable', () => {
  it("picks the v1 Table from kubectl get's Accept header", () => {
    expect(wantsTable(kubectlAccept)).toEqual({ version: 'v1', mediaType: 'application/json' });
  });

  it('falls back to v1beta1 when the v1 range is not offered', () => {
    expect(wantsTable('application/json;as=Table;v=v1beta1;g=meta.k8s.io, application/json')).toEqual({
      version: 'v1beta1',
      mediaType: 'application/json',
    });
  });

  it('returns null for plain JSON, YAML, wildcards and a missing header', () => {
    expect(wantsTable('application/json')).toBeNull();
    expect(wantsTable('application/yaml')).toBeNull();
    expect(wantsTable('*/*')).toBeNull();
    expect(wantsTable(undefined)).toBeNull();
    expect(wantsTable('')).toBeNull();
  });

  it('skips Table ranges with another group or version, and Tables in protobuf', () => {
    expect(wantsTable('application/json;as=Table;v=v2;g=meta.k8s.io,application/json')).toBeNull();
    expect(wantsTable('application/json;as=Table;v=v1;g=example.com')).toBeNull();
    expect(wantsTable('application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1;g=meta.k8s.io')).toEqual({
      version: 'v1',
      mediaType: 'application/json',
    });
  });

  it('honours q values over the order ranges are written in', () => {
    expect(wantsTable('application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io')).toEqual({
      version: 'v1',
      mediaType: 'application/json',
    });
    expect(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io;q=0.1,application/json')).toBeNull();
    expect(wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io;q=0')).toBeNull();
  });

  it('answers a YAML Table request with the YAML media type', () => {
    expect(wantsTable('application/yaml;as=Table;v=v1;g=meta.k8s.io')).toEqual({ version: 'v1', mediaType: 'application/yaml' });
  });

  it('returns null when the preferred range is PartialObjectMetadata', () => {
    expect(wantsTable('application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,' + kubectlAccept)).toBeNull();
  });
});

describe('parseIncludeObject', () => {
  it('defaults to Metadata when absent or empty', () => {
    expect(parseIncludeObject(null)).toBe('Metadata');
    expect(parseIncludeObject('')).toBe('Metadata');
    expect(tableOptionsFromQuery(new URLSearchParams('limit=500'))).toEqual({ includeObject: 'Metadata' });
  });

  it('accepts None, Metadata and Object', () => {
    expect(tableOptionsFromQuery(new URLSearchParams('includeObject=Object'))).toEqual({ includeObject: 'Object' });
    expect(parseIncludeObject('None')).toBe('None');
  });

  it("rejects other values with kube's 400 message", () => {
    let err: unknown;
    try {
      parseIncludeObject('object');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StatusError);
    const status = (err as StatusError).status;
    expect(status.code).toBe(400);
    expect(status.reason).toBe('BadRequest');
    expect(status.message).toBe(
      `Unable to convert to Table as requested: includeObject: Invalid value: "object": must be 'Metadata', 'Object', 'None', or empty`,
    );
  });
});

describe('cellForJSONValue', () => {
  const now = new Date('2024-05-01T12:00:00Z');

  it('coerces values to the column type like the CRD table convertor', () => {
    expect(cellForJSONValue('integer', 3.7, now)).toBe(3);
    expect(cellForJSONValue('integer', '3', now)).toBeNull();
    expect(cellForJSONValue('number', 2, now)).toBe(2);
    expect(cellForJSONValue('boolean', true, now)).toBe(true);
    expect(cellForJSONValue('string', 5, now)).toBe('5');
    expect(cellForJSONValue('string', { a: 1 }, now)).toBe('{"a":1}');
    expect(cellForJSONValue('string', undefined, now)).toBeNull();
  });

  it('turns dates into one-unit ages and bad dates into <invalid>', () => {
    expect(cellForJSONValue('date', '2024-05-01T11:00:00Z', now)).toBe('1h');
    expect(cellForJSONValue('date', 'soon', now)).toBe('<invalid>');
  });
});
