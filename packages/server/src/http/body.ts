/**
 * Reading and decoding request bodies: a size limit (413 past it), JSON or YAML by Content-Type,
 * and kube-apiserver's messages for undecodable input.
 */
import type { IncomingMessage } from 'node:http';
import { errors } from '@apiserver-kit/core';
import { YAMLError, parse as parseYaml } from 'yaml';
import { checkNestingDepth } from './depth.js';
import { parseMediaType } from './media.js';
import { goYamlError } from './yaml-error.js';

/** kube-apiserver's default request body limit: 3 MiB. */
export const defaultMaxBodyBytes = 3 * 1024 * 1024;

/** Read the whole body, failing with 413 as soon as it exceeds `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(errors.requestEntityTooLarge(`limit is ${limit}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(errors.requestEntityTooLarge(`limit is ${limit}`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) reject(errors.badRequest(`error reading request body: ${err.message}`));
    });
  });
}

export type BodyFormat = 'json' | 'yaml';

/** The essence (`type/subtype`) of a Content-Type header, lower-cased; '' when absent. */
export function contentTypeEssence(header: string | undefined): string {
  if (!header) return '';
  const m = parseMediaType(header);
  return m ? `${m.type}/${m.subtype}` : header.trim().toLowerCase();
}

export const acceptedBodyTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/** Which decoder a create/update body needs, or 415 UnsupportedMediaType. */
export function bodyFormatFor(contentType: string | undefined): BodyFormat {
  const essence = contentTypeEssence(contentType);
  if (essence === '' || essence === 'application/json' || essence === '*/*') return 'json';
  if (essence === 'application/yaml' || essence === 'text/yaml' || essence === 'application/x-yaml') return 'yaml';
  throw errors.unsupportedMediaType(essence, acceptedBodyTypes);
}

/** Parse text as JSON or YAML; a parse failure is 400 with kube's wording. */
export function parseDocument(text: string, format: BodyFormat): unknown {
  checkNestingDepth(text, format);
  if (format === 'json') {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw errors.badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
    }
  }
  try {
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    const message = err instanceof YAMLError ? goYamlError(err) : String(err);
    throw errors.badRequest(`error converting YAML to JSON: ${message}`);
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
