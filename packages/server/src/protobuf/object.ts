/**
 * Decoding a `application/vnd.kubernetes.protobuf` request body into the Kubernetes JSON form.
 * The body is the 4-byte magic `k8s\0` and a runtime.Unknown (typeMeta=1 {apiVersion=1,
 * kind=2}, raw=2, contentEncoding=3, contentType=4) whose `raw` is the typed object's own
 * protobuf encoding. Every failure is a 400 BadRequest.
 *
 * @example
 * const { apiVersion, kind, object } = decodeProtobufObject(body);
 * // 'v1', 'ConfigMap', { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'x' }, data: { a: '1' } }
 */
import { errors } from '@apiserver-kit/core';
import { decodeMessage } from './decode.js';
import { protobufMessageFor } from './kinds.js';
import { protobufContentType } from './media.js';
import { ProtobufWireError, WireReader, WireType } from './wire.js';

/** The prefix of every Kubernetes protobuf message: `k8s` and a zero byte. */
export const protobufMagic: Readonly<Buffer> = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export interface DecodedProtobufObject {
  apiVersion: string;
  kind: string;
  /** The JSON form, with `kind` and `apiVersion` set from the envelope. */
  object: Record<string, unknown>;
}

interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Buffer;
  contentEncoding: string;
  contentType: string;
}

export function decodeProtobufObject(body: Buffer): DecodedProtobufObject {
  if (body.length < protobufMagic.length || !body.subarray(0, protobufMagic.length).equals(protobufMagic)) {
    throw errors.badRequest(`provided data does not appear to be a protobuf message, expected prefix [${[...protobufMagic].join(' ')}]`);
  }
  try {
    const env = readEnvelope(body.subarray(protobufMagic.length));
    if (!env.kind) throw errors.badRequest(`Object 'Kind' is missing in the protobuf body`);
    if (!env.apiVersion) throw errors.badRequest(`Object 'apiVersion' is missing in the protobuf body`);
    if (env.contentEncoding) throw errors.badRequest(`protobuf body has unsupported contentEncoding "${env.contentEncoding}"`);
    if (env.contentType && env.contentType !== protobufContentType) {
      throw errors.badRequest(`protobuf body wraps unsupported contentType "${env.contentType}"`);
    }
    const spec = protobufMessageFor(env.apiVersion, env.kind);
    if (!spec) throw errors.badRequest(`protobuf is not supported for kind "${env.kind}" in version "${env.apiVersion}"; send application/json`);
    const fields = decodeMessage(env.raw, spec, env.kind);
    return { apiVersion: env.apiVersion, kind: env.kind, object: { kind: env.kind, apiVersion: env.apiVersion, ...fields } };
  } catch (err) {
    if (err instanceof ProtobufWireError) throw errors.badRequest(`unable to decode protobuf body: ${err.message}`);
    throw err;
  }
}

function readEnvelope(buf: Buffer): Envelope {
  const env: Envelope = { apiVersion: '', kind: '', raw: Buffer.alloc(0), contentEncoding: '', contentType: '' };
  const r = new WireReader(buf, 'Unknown');
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field < 1 || field > 4) {
      r.skip(wire);
      continue;
    }
    if (wire !== WireType.Bytes) throw r.fail(`wrong wire type ${wire} for field ${field}`);
    const value = r.bytes();
    if (field === 1) readTypeMeta(value, env);
    else if (field === 2) env.raw = value;
    else if (field === 3) env.contentEncoding = value.toString('utf8');
    else env.contentType = value.toString('utf8');
  }
  return env;
}

function readTypeMeta(buf: Buffer, env: Envelope): void {
  const r = new WireReader(buf, 'Unknown.typeMeta');
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field !== 1 && field !== 2) {
      r.skip(wire);
      continue;
    }
    if (wire !== WireType.Bytes) throw r.fail(`wrong wire type ${wire} for field ${field}`);
    const text = r.bytes().toString('utf8');
    if (field === 1) env.apiVersion = text;
    else env.kind = text;
  }
}
