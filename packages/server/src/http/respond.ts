/**
 * Writing responses: JSON (or YAML) objects and Status errors, with the headers kube-apiserver
 * sets on every API response.
 */
import type { ServerResponse } from 'node:http';
import { type Status, errors } from '@apiserver-kit/core';
import { stringify as toYaml } from 'yaml';

export type OutputFormat = 'json' | 'yaml';

export function baseHeaders(res: ServerResponse): void {
  if (res.headersSent) return;
  res.setHeader('Cache-Control', 'no-cache, private');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/** Serialize once; callers may share the bytes (watch fan-out, cached discovery). */
export function encode(obj: unknown, format: OutputFormat = 'json'): Buffer {
  return Buffer.from(format === 'yaml' ? toYaml(obj) : JSON.stringify(obj), 'utf8');
}

export function contentTypeOf(format: OutputFormat): string {
  return format === 'yaml' ? 'application/yaml' : 'application/json';
}

export function writeBytes(
  res: ServerResponse,
  code: number,
  body: Buffer,
  contentType: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  baseHeaders(res);
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', body.length);
  res.statusCode = code;
  res.end(body);
}

export function writeObject(
  res: ServerResponse,
  code: number,
  obj: unknown,
  format: OutputFormat = 'json',
  headers: Record<string, string> = {},
): void {
  writeBytes(res, code, encode(obj, format), contentTypeOf(format), headers);
}

/** Write any thrown value as a Status; non-StatusErrors become 500 InternalError. */
export function writeError(res: ServerResponse, err: unknown, format: OutputFormat = 'json'): Status {
  const se = errors.toStatusError(err);
  writeObject(res, se.status.code, se.status, format, se.headers);
  return se.status;
}
