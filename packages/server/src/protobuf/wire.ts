/**
 * A protobuf wire-format reader: tags, varints, 64-bit and 32-bit fixed values and
 * length-delimited fields, with bounds checks. It knows no schema; `decode.ts` drives it with
 * the descriptor tables. Failures are `ProtobufWireError`s naming where they happened, which
 * the caller turns into a 400.
 *
 * @example
 * const r = new WireReader(bytes, 'ConfigMap');
 * while (!r.done()) {
 *   const { field, wire } = r.tag();
 *   if (field === 1 && wire === WireType.Bytes) name = r.bytes().toString('utf8');
 *   else r.skip(wire);
 * }
 */

/** The wire types of the protobuf encoding (groups, 3 and 4, are not accepted). */
export const WireType = { Varint: 0, Fixed64: 1, Bytes: 2, StartGroup: 3, EndGroup: 4, Fixed32: 5 } as const;

export class ProtobufWireError extends Error {
  override readonly name = 'ProtobufWireError';
}

export interface Tag {
  field: number;
  wire: number;
}

const maxFieldNumber = 2 ** 29 - 1;

export class WireReader {
  private pos = 0;

  /** `where` names the message being read, for error messages (`ConfigMap.metadata`). */
  constructor(
    private readonly buf: Uint8Array,
    readonly where: string,
  ) {}

  done(): boolean {
    return this.pos >= this.buf.length;
  }

  fail(detail: string): ProtobufWireError {
    return new ProtobufWireError(`${detail} in ${this.where}`);
  }

  /** The next field's number and wire type. */
  tag(): Tag {
    const key = this.varint();
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field < 1 || field > maxFieldNumber) throw this.fail(`invalid field number ${field}`);
    return { field, wire };
  }

  /** An unsigned varint of up to 64 bits. */
  varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw this.fail('truncated varint');
      const byte = this.buf[this.pos++]!;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw this.fail('varint longer than 10 bytes');
  }

  /** 8 little-endian bytes as an unsigned 64-bit integer. */
  fixed64(): bigint {
    const bytes = this.take(8, 'truncated 64-bit value');
    return Buffer.from(bytes.buffer, bytes.byteOffset, 8).readBigUInt64LE(0);
  }

  /** 4 little-endian bytes as an unsigned 32-bit integer. */
  fixed32(): number {
    const bytes = this.take(4, 'truncated 32-bit value');
    return Buffer.from(bytes.buffer, bytes.byteOffset, 4).readUInt32LE(0);
  }

  /** A length-delimited value (a view into the input, not a copy). */
  bytes(): Buffer {
    const len = this.varint();
    if (len > BigInt(this.buf.length - this.pos)) throw this.fail('truncated length-delimited field');
    const view = this.take(Number(len), 'truncated length-delimited field');
    return Buffer.from(view.buffer, view.byteOffset, view.length);
  }

  /** Skip one value of the given wire type (an unknown field). */
  skip(wire: number): void {
    switch (wire) {
      case WireType.Varint:
        this.varint();
        return;
      case WireType.Fixed64:
        this.take(8, 'truncated 64-bit value');
        return;
      case WireType.Bytes:
        this.bytes();
        return;
      case WireType.Fixed32:
        this.take(4, 'truncated 32-bit value');
        return;
      default:
        throw this.fail(`unsupported wire type ${wire}`);
    }
  }

  private take(n: number, detail: string): Uint8Array {
    if (this.pos + n > this.buf.length) throw this.fail(detail);
    const view = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return view;
  }
}
