/**
 * The hostile requests of hostile.test.ts and what kube-apiserver 1.32 answers to each, looked
 * up in its sources (k8s.io/apiserver endpoints/handlers, k8s.io/apimachinery serializers,
 * labels/fields parsers, validation). Each request is refused without touching stored data.
 *
 * @example
 * for (const c of decodingCases) await api.request(c.method, c.path, c);
 */
import type { RawRequestOptions } from './raw-client.js';

export interface HostileCase extends RawRequestOptions {
  name: string;
  method: string;
  path: string;
  code: number;
  reason: string;
  /** kube-apiserver's message: a string must match exactly, a RegExp must match. */
  message: string | RegExp;
  details?: Record<string, unknown>;
}

export const cms = '/api/v1/namespaces/default/configmaps';
const body = (o: unknown) => JSON.stringify(o);
const cm = (metadata: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  body({ apiVersion: 'v1', kind: 'ConfigMap', metadata, ...extra });

/** json.Unmarshal's target in apimachinery's SimpleMetaFactory.Interpret, as Go prints its type. */
const findKind = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';
/** transformDecodeError without a kind: the decode error and summarizeData(body, 30). */
const unrecognized = (err: string, summary: string) =>
  `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: ${err} (${summary})`;
const bad = (name: string, method: string, path: string, message: string | RegExp, o: RawRequestOptions = {}): HostileCase => ({
  name, method, path, code: 400, reason: 'BadRequest', message, ...o,
});

export const decodingCases: HostileCase[] = [
  bad('malformed JSON', 'POST', cms, unrecognized("invalid character 'b' looking for beginning of object key string", '{bad'), { body: '{bad' }),
  bad('truncated JSON', 'POST', cms, unrecognized('unexpected end of JSON input', '{"apiVersion":"v1"'), { body: '{"apiVersion":"v1"' }),
  bad('an empty body', 'POST', cms, unrecognized('unexpected end of JSON input', '<empty>'), { body: '' }),
  bad('a JSON array', 'POST', cms, unrecognized(`json: cannot unmarshal array into Go value of type ${findKind}`, '5b5d'), { body: '[]' }),
  bad('a JSON string', 'POST', cms, unrecognized(`json: cannot unmarshal string into Go value of type ${findKind}`, '227822'), { body: '"x"' }),
  {
    // null decodes to an empty ConfigMap, which then fails validation.
    name: 'JSON null', method: 'POST', path: cms, body: 'null', code: 422, reason: 'Invalid',
    message: 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
  },
  bad(
    'a Secret sent to the configmaps endpoint', 'POST', cms,
    'Secret in version "v1" cannot be handled as a ConfigMap: converting (v1.Secret) to (core.ConfigMap): unknown conversion',
    { body: body({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }) },
  ),
  bad(
    'apiVersion v2 in the body', 'POST', cms,
    'ConfigMap in version "v2" cannot be handled as a ConfigMap: no kind "ConfigMap" is registered for version "v2" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    { body: body({ apiVersion: 'v2', kind: 'ConfigMap', metadata: { name: 'x' } }) },
  ),
  bad('a namespace in the body that differs from the URL', 'POST', cms, 'the namespace of the provided object does not match the namespace sent on the request', {
    body: cm({ name: 'x', namespace: 'kube-system' }),
  }),
  bad('a name in the body that differs from the URL', 'PUT', `${cms}/keep`, 'the name of the object (other) does not match the name on the URL (keep)', {
    body: cm({ name: 'other' }),
  }),
];

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const long = 'a'.repeat(254);

export const validationCases: HostileCase[] = [
  {
    name: 'an invalid configmap name', method: 'POST', path: cms, body: cm({ name: 'Bad_Name' }), code: 422, reason: 'Invalid',
    message: `ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": ${subdomainMsg}`,
    details: {
      name: 'Bad_Name', kind: 'ConfigMap',
      causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: "Bad_Name": ${subdomainMsg}`, field: 'metadata.name' }],
    },
  },
  {
    name: 'a 254-character name', method: 'POST', path: cms, body: cm({ name: long }), code: 422, reason: 'Invalid',
    message: `ConfigMap "${long}" is invalid: metadata.name: Invalid value: "${long}": must be no more than 253 characters`,
  },
  {
    name: 'a namespace name with a dot', method: 'POST', path: '/api/v1/namespaces', code: 422, reason: 'Invalid',
    body: body({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } }),
    message: `Namespace "a.b" is invalid: metadata.name: Invalid value: "a.b": ${labelMsg}`,
    details: { name: 'a.b', kind: 'Namespace', causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: "a.b": ${labelMsg}`, field: 'metadata.name' }] },
  },
  {
    // field.TooLong's wording since kubernetes#128553 (1.32).
    name: 'annotations over 256 KiB', method: 'POST', path: cms, code: 422, reason: 'Invalid',
    body: cm({ name: 'ann', annotations: { big: 'x'.repeat(300 * 1024) } }),
    message: 'ConfigMap "ann" is invalid: metadata.annotations: Too long: may not be more than 262144 bytes',
  },
];

const huge = cm({ name: 'huge' }, { data: { a: 'x'.repeat(4 * 1024 * 1024) } });
const tooLarge = (name: string, method: string, path: string, o: RawRequestOptions): HostileCase => ({
  name, method, path, code: 413, reason: 'RequestEntityTooLarge', message: 'Request entity too large: limit is 3145728', body: huge, ...o,
});

export const sizeCases: HostileCase[] = [
  tooLarge('a 4 MiB create with Content-Length', 'POST', cms, {}),
  tooLarge('a 4 MiB create sent chunked', 'POST', cms, { framing: 'chunked' }),
  tooLarge('a 4 MiB update sent chunked', 'PUT', `${cms}/keep`, { framing: 'chunked' }),
  tooLarge('a 4 MiB merge patch', 'PATCH', `${cms}/keep`, { headers: { 'Content-Type': 'application/merge-patch+json' } }),
];

const q = (s: string) => encodeURIComponent(s);
export const queryCases: HostileCase[] = [
  bad('an invalid label selector on list', 'GET', `${cms}?labelSelector=${q('a in (b')}`, "unable to parse requirement: found '', expected: ',' or ')'"),
  bad('an invalid label selector on watch', 'GET', `${cms}?watch=true&labelSelector=${q('a in (b')}`, "unable to parse requirement: found '', expected: ',' or ')'"),
  bad('an invalid field selector', 'GET', `${cms}?fieldSelector=foo`, "invalid selector: 'foo'; can't understand 'foo'"),
  // ConfigMap has no field label conversion: the scheme's default one answers.
  bad('an unknown configmap field in a field selector', 'GET', `${cms}?fieldSelector=${q('spec.x=y')}`, '"spec.x" is not a known field selector: only "metadata.name", "metadata.namespace"'),
  bad('an unknown namespace field in a field selector', 'GET', `/api/v1/namespaces?fieldSelector=${q('spec.x=y')}`, 'field label not supported: spec.x'),
  // kube-apiserver itself answers these 500 (kubernetes#139485); 400 is the intended answer.
  bad('a non-numeric resourceVersion on get', 'GET', `${cms}/keep?resourceVersion=abc`, /abc/),
  bad('a non-numeric resourceVersion on list', 'GET', `${cms}?resourceVersion=abc`, /abc/),
  bad('a non-numeric resourceVersion on watch', 'GET', `${cms}?watch=true&resourceVersion=abc`, /abc/),
];

const ct = (type: string) => ({ 'Content-Type': type });
export const patchCases: HostileCase[] = [
  bad('a JSON patch that is not an array', 'PATCH', `${cms}/keep`, 'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp', {
    body: '{"op":"add","path":"/data/b","value":"x"}', headers: ct('application/json-patch+json'),
  }),
  {
    name: 'a JSON patch with an unknown op', method: 'PATCH', path: `${cms}/keep`, code: 422, reason: 'Invalid',
    body: '[{"op":"frobnicate","path":"/data/a"}]', headers: ct('application/json-patch+json'),
    message: 'the server rejected our request due to an error in our request', details: {},
  },
  bad('a merge patch that is a JSON string', 'PATCH', `${cms}/keep`, 'error decoding patch: json: cannot unmarshal string into Go value of type map[string]interface {}', {
    body: '"x"', headers: ct('application/merge-patch+json'),
  }),
  bad('an apply patch that is not YAML', 'PATCH', `${cms}/keep?fieldManager=hostile`, 'error decoding YAML: error converting YAML to JSON: yaml: line 1: mapping values are not allowed in this context', {
    body: 'a: b: c\n', headers: ct('application/apply-patch+yaml'),
  }),
];

export const mediaTypeCases: HostileCase[] = [
  {
    name: 'a create in text/plain', method: 'POST', path: cms, body: cm({ name: 'x' }), headers: ct('text/plain'), code: 415, reason: 'UnsupportedMediaType',
    message: 'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
  },
  {
    name: 'a patch in text/plain', method: 'PATCH', path: `${cms}/keep`, body: '{}', headers: ct('text/plain'), code: 415, reason: 'UnsupportedMediaType',
    message:
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml',
  },
  {
    name: 'Accept: application/xml', method: 'GET', path: `${cms}/keep`, headers: { Accept: 'application/xml' }, code: 406, reason: 'NotAcceptable',
    message: 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
  },
];

const notFound = (name: string, path: string): HostileCase => ({
  name, method: 'GET', path, code: 404, reason: 'NotFound', message: 'the server could not find the requested resource', details: {},
});
// The registry's key function refuses names that are not safe path segments (IsValidPathSegmentName).
const badName = (method: string, path: string, name: string, why: string) =>
  bad(`${method} of a configmap named ${JSON.stringify(name)} (${path.slice(cms.length + 1)})`, method, path, `Name parameter invalid: ${JSON.stringify(name)}: ${why}`);

export const pathCases: HostileCase[] = [
  badName('GET', `${cms}/..`, '..', "may not be '..'"),
  badName('GET', `${cms}/%2E%2E`, '..', "may not be '..'"),
  badName('GET', `${cms}/.`, '.', "may not be '.'"),
  badName('GET', `${cms}/a%25b`, 'a%b', "may not contain '%'"),
  badName('DELETE', `${cms}/..`, '..', "may not be '..'"),
  notFound('a path climbing out with ../..', `${cms}/../../kube-system/configmaps`),
  notFound('an encoded slash in a name', `${cms}/a%2Fb`),
  notFound('an encoded slash in a namespace', '/api/v1/namespaces/default%2Fx/configmaps'),
];
