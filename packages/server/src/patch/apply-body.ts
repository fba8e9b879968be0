/**
 * The inputs of server-side apply: parsing the `application/apply-patch+yaml` body (YAML or
 * JSON, decoded like sigs.k8s.io/yaml: YAML 1.1 scalars, first document only, duplicate keys
 * allowed) and the default field manager kube derives from the User-Agent when the request has
 * no `fieldManager` (the part before the first "/", unprintable characters dropped, at most 128
 * bytes).
 *
 * @example
 * parseApplyBody('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
 * defaultFieldManager('kubectl/v1.31.0 (linux/amd64) kubernetes/abc'); // 'kubectl'
 */
import { parseAllDocuments, type Tags } from 'yaml';
import { errors } from '@apiserver-kit/core';
import { checkNestingDepth } from '../http/depth.js';
import { goYamlError } from '../http/yaml-error.js';
import { isObject, unmarshalTypeError, type JsonObject } from './go-compat.js';

/** metav1 validation's FieldManagerMaxLength. */
export const fieldManagerMaxLength = 128;

/** go-yaml v2 keeps timestamps and sexagesimal numbers as strings when decoding into JSON. */
function kubeTags(tags: Tags): Tags {
  return tags.filter((t) => {
    if (typeof t === 'string') return t !== 'timestamp' && t !== 'intTime' && t !== 'floatTime';
    return !(t.tag === 'tag:yaml.org,2002:timestamp' || ('format' in t && t.format === 'TIME'));
  });
}

/**
 * Parse an apply body into an object. Errors are 400 BadRequest with kube's "error decoding
 * YAML: ..." prefix.
 */
export function parseApplyBody(text: string): JsonObject {
  checkNestingDepth(text, 'yaml');
  const docs = parseAllDocuments(text, { schema: 'yaml-1.1', customTags: kubeTags, uniqueKeys: false, merge: true });
  const list = Array.isArray(docs) ? docs : [];
  const doc = list[0];
  if (!doc) return {};
  const problem = doc.errors[0];
  if (problem) throw errors.badRequest(`error decoding YAML: error converting YAML to JSON: ${goYamlError(problem)}`);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    throw errors.badRequest(`error decoding YAML: error converting YAML to JSON: yaml: ${text}`);
  }
  if (value === null || value === undefined) return {};
  if (!isObject(value)) {
    throw errors.badRequest(
      `error decoding YAML: error unmarshaling JSON: while decoding JSON: ${unmarshalTypeError(value, 'map[string]interface {}')}`,
    );
  }
  return value;
}

function isPrintable(ch: string): boolean {
  // Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

/** kube's prefixFromUserAgent: the manager name used when a write names no fieldManager. */
export function defaultFieldManager(userAgent: string): string {
  const prefix = userAgent.split('/')[0] ?? '';
  let out = '';
  let bytes = 0;
  for (const ch of prefix) {
    if (!isPrintable(ch)) continue;
    const size = Buffer.byteLength(ch, 'utf8');
    if (bytes + size > fieldManagerMaxLength) break;
    out += ch;
    bytes += size;
  }
  return out;
}

/** `manager` if set, otherwise the User-Agent prefix (managerOrUserAgent). */
export function fieldManagerFor(manager: string | undefined, userAgent: string | undefined): string {
  return manager ? manager : defaultFieldManager(userAgent ?? '');
}
