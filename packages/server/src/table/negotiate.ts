/**
 * Table negotiation: whether an Accept header asks for a meta.k8s.io Table (kube-apiserver's
 * negotiation.NegotiateOutputMediaType with `as=Table;g=meta.k8s.io;v=v1|v1beta1`), and the
 * `includeObject` query parameter (meta/v1 TableOptions) with kube's error for bad values.
 *
 * @example
 * wantsTable('application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json');
 * // { version: 'v1', mediaType: 'application/json' }
 * tableOptionsFromQuery(new URLSearchParams('includeObject=Object')); // { includeObject: 'Object' }
 */
import { errors, fieldInvalid, formatFieldError } from '@apiserver-kit/core';
import type { IncludeObject, TableVersion } from './types.js';

export interface TableRequest {
  version: TableVersion;
  /** The media type the Table is encoded in. */
  mediaType: 'application/json' | 'application/yaml';
}

interface Range {
  type: string;
  subtype: string;
  params: Record<string, string>;
  q: number;
  index: number;
}

function parseRange(text: string, index: number): Range | null {
  const [essence, ...rest] = text.split(';');
  const [type, subtype, extra] = (essence ?? '').trim().toLowerCase().split('/');
  if (!type || !subtype || extra !== undefined) return null;
  const params: Record<string, string> = {};
  let q = 1;
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const key = p.slice(0, eq).trim().toLowerCase();
    const value = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (key === 'q') {
      const n = Number(value);
      q = Number.isFinite(n) ? n : 1;
    } else params[key] = value;
  }
  return { type, subtype, params, q, index };
}

/** Accept ranges in preference order: q descending, concrete types before wildcards, then as written. */
function ranges(accept: string): Range[] {
  const wild = (r: Range) => (r.type === '*' ? 2 : 0) + (r.subtype === '*' ? 1 : 0);
  return accept
    .split(',')
    .map((s, i) => parseRange(s, i))
    .filter((r): r is Range => r !== null && r.q > 0)
    .sort((a, b) => b.q - a.q || wild(a) - wild(b) || a.index - b.index);
}

/** Media types (without `as=`) the server encodes plain objects in. */
const plainTypes = new Set([
  'application/json',
  'application/yaml',
  'application/vnd.kubernetes.protobuf',
  'application/cbor',
  'application/*',
  '*/*',
]);

/**
 * The Table the client asks for, or null when its most preferred acceptable range is a plain
 * object (or PartialObjectMetadata). Ranges that cannot be served (as=Table with another
 * group/version, or a Table in protobuf) are skipped, as kube skips them.
 */
export function wantsTable(accept: string | undefined | null): TableRequest | null {
  if (!accept) return null;
  for (const r of ranges(accept)) {
    const essence = `${r.type}/${r.subtype}`;
    const as = r.params.as;
    if (as === undefined) {
      if (plainTypes.has(essence)) return null;
      continue;
    }
    const g = r.params.g;
    const v = r.params.v;
    if (g !== 'meta.k8s.io' || (v !== 'v1' && v !== 'v1beta1')) continue;
    if (as === 'Table') {
      if (essence === 'application/json' || essence === 'application/yaml') return { version: v, mediaType: essence };
      continue;
    }
    if (as === 'PartialObjectMetadata' || as === 'PartialObjectMetadataList') return null;
  }
  return null;
}

const includeObjectValues: readonly string[] = ['None', 'Metadata', 'Object'];

/**
 * Parse `includeObject` (empty or absent means Metadata). A bad value is kube's 400:
 * `Unable to convert to Table as requested: includeObject: Invalid value: "X": must be
 * 'Metadata', 'Object', 'None', or empty`.
 */
export function parseIncludeObject(value: string | null | undefined): IncludeObject {
  if (value === null || value === undefined || value === '') return 'Metadata';
  if (includeObjectValues.includes(value)) return value as IncludeObject;
  const err = fieldInvalid('includeObject', value, "must be 'Metadata', 'Object', 'None', or empty");
  throw errors.badRequest(`Unable to convert to Table as requested: ${formatFieldError(err)}`);
}

/** The TableOptions of a request's query string. */
export function tableOptionsFromQuery(query: URLSearchParams): { includeObject: IncludeObject } {
  return { includeObject: parseIncludeObject(query.get('includeObject')) };
}
