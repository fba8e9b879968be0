/** Test helper: a minimal protobuf wire-format reader (no schema). */
export interface ProtoField {
  field: number;
  wire: number;
  /** varint as bigint, 64-bit as number (double), length-delimited as bytes. */
  value: bigint | number | Buffer;
}

export function decodeProto(buf: Buffer): ProtoField[] {
  const out: ProtoField[] = [];
  let pos = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint');
      const byte = buf[pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
    }
  };
  while (pos < buf.length) {
    const key = Number(varint());
    const field = key >> 3;
    const wire = key & 7;
    if (wire === 0) out.push({ field, wire, value: varint() });
    else if (wire === 1) {
      out.push({ field, wire, value: buf.readDoubleLE(pos) });
      pos += 8;
    } else if (wire === 2) {
      const len = Number(varint());
      if (pos + len > buf.length) throw new Error('truncated bytes');
      out.push({ field, wire, value: buf.subarray(pos, pos + len) });
      pos += len;
    } else throw new Error(`unsupported wire type ${wire}`);
  }
  return out;
}

/** The length-delimited values of `field`. */
export function messages(fields: ProtoField[], field: number): Buffer[] {
  return fields.filter((f) => f.field === field && Buffer.isBuffer(f.value)).map((f) => f.value as Buffer);
}

/** The first string value of `field`. */
export function text(fields: ProtoField[], field: number): string | undefined {
  return messages(fields, field)[0]?.toString('utf8');
}
