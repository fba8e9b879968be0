/**
 * Media type parsing and negotiation for request bodies (Content-Type) and responses (Accept).
 */
import { errors } from '@apiserver-kit/core';
import type { OutputFormat } from './respond.js';

export interface MediaType {
  type: string;
  subtype: string;
  params: Record<string, string>;
  q: number;
}

/** Parse one media range such as `application/json;as=Table;v=v1;g=meta.k8s.io;q=0.9`. */
export function parseMediaType(text: string): MediaType | null {
  const [essence, ...rest] = text.split(';');
  const [type, subtype] = (essence ?? '').trim().toLowerCase().split('/');
  if (!type || !subtype) return null;
  const params: Record<string, string> = {};
  let q = 1;
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const k = p.slice(0, eq).trim().toLowerCase();
    const v = p.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    if (k === 'q') q = Number.isFinite(Number(v)) ? Number(v) : 1;
    else params[k] = v;
  }
  return { type, subtype, params, q };
}

/** The media ranges of an Accept header, highest q first (stable for equal q). */
export function parseAccept(accept: string | undefined): MediaType[] {
  if (!accept) return [];
  const list = accept
    .split(',')
    .map((s) => parseMediaType(s))
    .filter((m): m is MediaType => m !== null && m.q > 0);
  return list.map((m, i) => ({ m, i })).sort((a, b) => b.m.q - a.m.q || a.i - b.i).map((x) => x.m);
}

export const acceptedOutputTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/**
 * Plain JSON or YAML output for an Accept header. Ranges that carry `as=` (Table,
 * PartialObjectMetadata...) are handled before this by their own negotiation.
 */
export function negotiateOutput(accept: string | undefined): OutputFormat {
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return 'json';
  for (const r of ranges) {
    if (r.params.as) continue;
    const full = `${r.type}/${r.subtype}`;
    if (full === 'application/json' || full === 'application/*' || full === '*/*') return 'json';
    if (full === 'application/yaml') return 'yaml';
  }
  // A client that offered only things we cannot produce (e.g. protobuf alone) gets JSON when
  // it also offered a Table or metadata form we fall back from; otherwise 406.
  if (ranges.some((r) => r.params.as)) return 'json';
  throw errors.notAcceptable(acceptedOutputTypes);
}
