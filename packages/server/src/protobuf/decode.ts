/**
 * Schema-driven decoding of one protobuf message into its Kubernetes JSON form, following the
 * descriptor tables (see `schema.ts` for the omitempty / pointer / always rules). Unknown
 * fields are skipped; a known field with the wrong wire type, truncated data or an out-of-range
 * value is a `ProtobufWireError`.
 *
 * @example
 * const obj = decodeMessage(raw, ConfigMap, 'ConfigMap'); // { metadata: { name: 'x' }, data: { a: '1' } }
 */
import type { FieldKind, FieldSpec, MessageSpec } from './schema.js';
import { timestampText } from './time.js';
import { ProtobufWireError, WireReader, WireType } from './wire.js';

type Value = string | number | boolean | Buffer | string[] | Record<string, unknown> | null;

interface Collected {
  /** Last value of a singular scalar/time/fieldsV1 field. */
  value?: Value;
  /** Every occurrence of a singular message field (protobuf merges them). */
  chunks?: Buffer[];
  /** Elements of a repeated field. */
  items?: unknown[];
  /** Entries of a map field (last duplicate key wins). */
  entries?: Map<string, Value>;
}

export function decodeMessage(buf: Uint8Array, spec: MessageSpec, where: string): Record<string, unknown> {
  const r = new WireReader(buf, where);
  const seen = new Map<FieldSpec, Collected>();
  while (!r.done()) {
    const { field, wire } = r.tag();
    const f = spec.byNumber.get(field);
    if (!f) {
      r.skip(wire);
      continue;
    }
    const expected = f.map || !isVarintKind(f.kind) ? WireType.Bytes : WireType.Varint;
    if (wire !== expected) throw r.fail(`wrong wire type ${wire} for field ${f.json} (${f.no})`);
    let c = seen.get(f);
    if (!c) seen.set(f, (c = {}));
    const path = `${where}.${f.json}`;
    if (f.map) {
      const [key, value] = readEntry(r.bytes(), f.kind, path);
      (c.entries ??= new Map()).set(key, value);
    } else if (f.repeated) {
      const v = f.kind === 'message' ? decodeMessage(r.bytes(), f.message!, path) : readValue(r, f.kind, path);
      (c.items ??= []).push(v);
    } else if (f.kind === 'message') {
      (c.chunks ??= []).push(r.bytes());
    } else {
      c.value = readValue(r, f.kind, path);
    }
  }
  return toJson(spec, seen, where);
}

function toJson(spec: MessageSpec, seen: Map<FieldSpec, Collected>, where: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of spec.fields) {
    const c = seen.get(f);
    const path = `${where}.${f.json}`;
    if (f.map) {
      if (c?.entries?.size) out[f.json] = sortedObject(c.entries);
    } else if (f.repeated) {
      if (c?.items?.length) out[f.json] = c.items;
    } else if (f.kind === 'message') {
      if (c?.chunks || f.always) out[f.json] = decodeMessage(Buffer.concat(c?.chunks ?? []), f.message!, path);
    } else if (c && (f.ptr || f.kind === 'fieldsV1')) {
      if (c.value !== null && c.value !== undefined) out[f.json] = jsonValue(c.value);
    } else {
      const v = c?.value ?? zero(f.kind);
      if (v !== null && (f.always || !isZero(v))) out[f.json] = jsonValue(v);
    }
  }
  return out;
}

function isVarintKind(kind: FieldKind): boolean {
  return kind === 'bool' || kind === 'int32' || kind === 'int64';
}

function readValue(r: WireReader, kind: FieldKind, path: string): Value {
  switch (kind) {
    case 'string':
      return r.bytes().toString('utf8');
    case 'bytes':
      return r.bytes();
    case 'bool':
      return r.varint() !== 0n;
    case 'int32':
      return Number(BigInt.asIntN(32, r.varint()));
    case 'int64':
      return safeInt64(r.varint(), path);
    case 'time':
    case 'microTime':
      return readTimestamp(r.bytes(), kind === 'microTime', path);
    case 'fieldsV1':
      return readFieldsV1(r.bytes(), path);
    case 'stringList':
      return readStringList(r.bytes(), path);
    case 'quantity':
      return readQuantity(r.bytes(), path);
    case 'message':
      throw r.fail('internal: message read as a value');
  }
}

function safeInt64(raw: bigint, path: string): number {
  const v = BigInt.asIntN(64, raw);
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ProtobufWireError(`int64 value ${v} is outside the range a JSON number holds exactly in ${path}`);
  }
  return Number(v);
}

/** meta/v1 Time / MicroTime: an empty message is the zero time, which Go writes as null. */
function readTimestamp(buf: Buffer, micro: boolean, where: string): string | null {
  if (buf.length === 0) return null;
  const r = new WireReader(buf, where);
  let seconds = 0n;
  let nanos = 0;
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WireType.Varint) seconds = BigInt.asIntN(64, r.varint());
    else if (field === 2 && wire === WireType.Varint) nanos = Number(BigInt.asIntN(32, r.varint()));
    else if (field === 1 || field === 2) throw r.fail(`wrong wire type ${wire} for field ${field}`);
    else r.skip(wire);
  }
  try {
    return timestampText(seconds, nanos, micro);
  } catch (err) {
    throw r.fail((err as Error).message);
  }
}

/** meta/v1 FieldsV1: Raw=1 holds JSON text, which the JSON form inlines. */
function readFieldsV1(buf: Buffer, where: string): Record<string, unknown> {
  const r = new WireReader(buf, where);
  let raw: Buffer | undefined;
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WireType.Bytes) raw = r.bytes();
    else if (field === 1) throw r.fail(`wrong wire type ${wire} for field Raw`);
    else r.skip(wire);
  }
  if (!raw || raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw r.fail('FieldsV1 is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw r.fail('FieldsV1 is not a JSON object');
  return parsed as Record<string, unknown>;
}

/** A message whose field 1 is a repeated string (ExtraValue). */
function readStringList(buf: Buffer, where: string): string[] {
  const r = new WireReader(buf, where);
  const items: string[] = [];
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WireType.Bytes) items.push(r.bytes().toString('utf8'));
    else if (field === 1) throw r.fail(`wrong wire type ${wire} for field items`);
    else r.skip(wire);
  }
  return items;
}

/** api/resource Quantity: string=1 holds the quantity's text, which the JSON form is. */
function readQuantity(buf: Buffer, where: string): string {
  const r = new WireReader(buf, where);
  let text = '';
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === 1 && wire === WireType.Bytes) text = r.bytes().toString('utf8');
    else if (field === 1) throw r.fail(`wrong wire type ${wire} for field string`);
    else r.skip(wire);
  }
  return text;
}

/** One map entry: key=1 (string), value=2. Missing parts are zero values. */
function readEntry(buf: Buffer, kind: FieldKind, where: string): [string, Value] {
  const r = new WireReader(buf, where);
  let key = '';
  let value: Value = zero(kind);
  while (!r.done()) {
    const { field, wire } = r.tag();
    if (field === 1) {
      if (wire !== WireType.Bytes) throw r.fail(`wrong wire type ${wire} for map key`);
      key = r.bytes().toString('utf8');
    } else if (field === 2) {
      const expected = isVarintKind(kind) ? WireType.Varint : WireType.Bytes;
      if (wire !== expected) throw r.fail(`wrong wire type ${wire} for map value`);
      value = readValue(r, kind, `${where}[${JSON.stringify(key)}]`);
    } else r.skip(wire);
  }
  return [key, value];
}

function zero(kind: FieldKind): Value {
  switch (kind) {
    case 'string':
    case 'quantity':
      return '';
    case 'bytes':
      return Buffer.alloc(0);
    case 'bool':
      return false;
    case 'int32':
    case 'int64':
      return 0;
    case 'stringList':
      return [];
    default:
      return null;
  }
}

function isZero(v: Value): boolean {
  if (Buffer.isBuffer(v) || Array.isArray(v)) return v.length === 0;
  return v === '' || v === 0 || v === false;
}

/** Bytes become standard padded base64, as Go's encoding/json writes []byte. */
function jsonValue(v: Value): unknown {
  return Buffer.isBuffer(v) ? v.toString('base64') : v;
}

/** Go's encoding/json writes map keys sorted. */
function sortedObject(entries: Map<string, Value>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of [...entries.keys()].sort()) out[key] = jsonValue(entries.get(key)!);
  return out;
}
