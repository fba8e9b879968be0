/**
 * Decoding request bodies of resource requests: the object of a create or update (JSON, YAML or
 * Kubernetes protobuf, with kube-apiserver's decode errors) and DeleteOptions.
 */
import { type ApiObject, type Preconditions, type ResourceDefinition, errors, header } from '@apiserver-kit/core';
import { bodyFormatFor, checkNestingDepth, isPlainObject, parseDocument, readBody } from '../http/index.js';
import { goJsonSyntaxError, summarizeData } from '../http/go-json-error.js';
import { decodeProtobufObject, isProtobufContentType } from '../protobuf/index.js';
import { checkTypeMeta } from '../registry/validate.js';
import type { ResourceCall } from './resource.js';

export async function readDocument(c: BodySource): Promise<string> {
  const body = await readBody(c.raw, c.maxBodyBytes);
  return body.toString('utf8');
}

/** Decode a request body: JSON, YAML, or (from kubectl's typed commands) Kubernetes protobuf. */
async function decodeBody(c: BodySource): Promise<unknown> {
  const contentType = header(c.req, 'content-type');
  if (isProtobufContentType(contentType)) {
    return decodeProtobufObject(await readBody(c.raw, c.maxBodyBytes)).object;
  }
  const format = bodyFormatFor(contentType);
  const text = await readDocument(c);
  if (text.trim() === '') return undefined;
  return parseDocument(text, format);
}

const typeMetaStruct = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** What decoding a body needs from a request. */
export type BodySource = Pick<ResourceCall, 'req' | 'raw' | 'maxBodyBytes'>;

/** A JSON object body, with the errors kube's decoder gives for anything else. */
function decodeJsonObject(kind: string, text: string): unknown {
  const unrecognized = (err: string) =>
    errors.badRequest(
      `the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${err} (${summarizeData(text)})`,
    );
  checkNestingDepth(text, 'json');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw unrecognized(goJsonSyntaxError(text) ?? 'unexpected end of JSON input');
  }
  if (doc === null) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    const type = Array.isArray(doc) ? 'array' : typeof doc === 'boolean' ? 'bool' : typeof doc;
    throw unrecognized(`json: cannot unmarshal ${type} into Go value of type ${typeMetaStruct}`);
  }
  return doc;
}

/** Decode a body of the given resource's kind (JSON, YAML or protobuf) and check its type meta. */
export async function decodeTyped(c: BodySource, def: ResourceDefinition, version: string, builtin: boolean): Promise<ApiObject> {
  const contentType = header(c.req, 'content-type');
  let doc: unknown;
  if (isProtobufContentType(contentType)) doc = decodeProtobufObject(await readBody(c.raw, c.maxBodyBytes)).object;
  else if (bodyFormatFor(contentType) === 'json') doc = decodeJsonObject(def.kind, await readDocument(c));
  else doc = parseDocument(await readDocument(c), 'yaml') ?? {};
  return checkTypeMeta(def, version, doc, builtin);
}

export function decodeObject(c: ResourceCall): Promise<ApiObject> {
  return decodeTyped(c, c.store.def, c.version, c.builtin);
}

/** DeleteOptions from the body (kubectl sends them) and the query. */
export async function deleteOptions(c: ResourceCall): Promise<{ preconditions?: Preconditions; body: Record<string, unknown> }> {
  const doc = await decodeBody(c);
  let body: Record<string, unknown> = {};
  if (doc !== undefined) {
    if (!isPlainObject(doc)) throw errors.badRequest('the body of the request must be a DeleteOptions object');
    body = doc;
  }
  const q = c.req.query;
  const grace = body.gracePeriodSeconds ?? q.get('gracePeriodSeconds');
  if (grace !== undefined && grace !== null && !/^-?\d+$/.test(String(grace))) {
    throw errors.badRequest(`invalid value for gracePeriodSeconds: "${String(grace)}"`);
  }
  const policy = (body.propagationPolicy as string | undefined) ?? q.get('propagationPolicy') ?? undefined;
  if (policy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(policy)) {
    throw errors.invalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
      { type: 'FieldValueNotSupported', field: 'propagationPolicy', badValue: policy, detail: 'supported values: "Foreground", "Background", "Orphan", "nil"' },
    ]);
  }
  const pre = body.preconditions;
  if (pre === undefined || pre === null) return { body };
  if (!isPlainObject(pre)) throw errors.badRequest('preconditions must be an object');
  const preconditions: Preconditions = {};
  if (typeof pre.uid === 'string') preconditions.uid = pre.uid;
  if (typeof pre.resourceVersion === 'string') preconditions.resourceVersion = pre.resourceVersion;
  return { preconditions, body };
}

