/**
 * Test helper: a tiny protobuf encoder for hand-built bodies. A message is a list of
 * `[fieldNumber, value]` pairs: strings and Buffers are length-delimited, nested arrays are
 * embedded messages, numbers/bigints/booleans are varints (negative ones as 10-byte
 * two's complement, as Go writes int32/int64), and `fixed32`/`fixed64` wrap fixed-width values.
 *
 * @example
 * envelope('v1', 'ConfigMap', [[1, [[1, 'x']]], [2, [[1, 'a'], [2, '1']]]]);
 */
export type Fixed = { fixed32: number } | { fixed64: bigint };
export type ProtoValue = string | Buffer | number | bigint | boolean | Fixed | ProtoField[];
export type ProtoField = [number, ProtoValue];

export function varint(value: bigint | number): Buffer {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Buffer.from(out);
}

function tag(field: number, wire: number): Buffer {
  return varint((BigInt(field) << 3n) | BigInt(wire));
}

function lengthDelimited(field: number, bytes: Buffer): Buffer {
  return Buffer.concat([tag(field, 2), varint(bytes.length), bytes]);
}

export function encode(fields: ProtoField[]): Buffer {
  const parts: Buffer[] = [];
  for (const [field, value] of fields) {
    if (typeof value === 'string') parts.push(lengthDelimited(field, Buffer.from(value, 'utf8')));
    else if (Buffer.isBuffer(value)) parts.push(lengthDelimited(field, value));
    else if (Array.isArray(value)) parts.push(lengthDelimited(field, encode(value)));
    else if (typeof value === 'boolean') parts.push(tag(field, 0), varint(value ? 1 : 0));
    else if (typeof value === 'number' || typeof value === 'bigint') parts.push(tag(field, 0), varint(value));
    else if ('fixed32' in value) {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(value.fixed32);
      parts.push(tag(field, 5), b);
    } else {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(value.fixed64);
      parts.push(tag(field, 1), b);
    }
  }
  return Buffer.concat(parts);
}

/** A full request body: magic, then runtime.Unknown{typeMeta, raw}. */
export function envelope(apiVersion: string, kind: string, object: ProtoField[] | Buffer): Buffer {
  const raw = Buffer.isBuffer(object) ? object : encode(object);
  return Buffer.concat([
    Buffer.from([0x6b, 0x38, 0x73, 0x00]),
    encode([
      [1, [[1, apiVersion], [2, kind]]],
      [2, raw],
      [3, ''],
      [4, ''],
    ]),
  ]);
}

/** A map entry list for `map<string, V>` field `field`. */
export function entries(field: number, values: Record<string, string | Buffer>): ProtoField[] {
  return Object.entries(values).map(([k, v]) => [field, [[1, k], [2, v]]] as ProtoField);
}
