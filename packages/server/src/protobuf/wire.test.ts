import { describe, expect, it } from 'vitest';
import { encode, varint } from './testdata/writer.js';
import { ProtobufWireError, WireReader, WireType } from './wire.js';

function reader(bytes: number[] | Buffer): WireReader {
  return new WireReader(Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes), 'Test');
}

describe('WireReader', () => {
  it('reads varints up to 64 bits, including the 10-byte form Go writes for negative ints', () => {
    expect(reader([0x00]).varint()).toBe(0n);
    expect(reader([0x96, 0x01]).varint()).toBe(150n);
    expect(reader(varint(2n ** 64n - 1n)).varint()).toBe(2n ** 64n - 1n);
    const minusOne = varint(-1);
    expect(minusOne).toHaveLength(10);
    expect(BigInt.asIntN(64, reader(minusOne).varint())).toBe(-1n);
  });

  it('rejects a varint that is truncated or longer than 10 bytes', () => {
    expect(() => reader([0x80, 0x80]).varint()).toThrow(new ProtobufWireError('truncated varint in Test'));
    expect(() => reader(Array(11).fill(0x80)).varint()).toThrow('varint longer than 10 bytes in Test');
  });

  it('splits a tag into field number and wire type, rejecting field number 0', () => {
    expect(reader([0x12]).tag()).toEqual({ field: 2, wire: WireType.Bytes });
    expect(reader(varint((1000n << 3n) | 5n)).tag()).toEqual({ field: 1000, wire: WireType.Fixed32 });
    expect(() => reader([0x02]).tag()).toThrow('invalid field number 0 in Test');
  });

  it('reads fixed-width little-endian values', () => {
    expect(reader([1, 0, 0, 0]).fixed32()).toBe(1);
    expect(reader([0, 0, 0, 0, 0, 0, 0, 0x80]).fixed64()).toBe(2n ** 63n);
    expect(() => reader([1, 2, 3]).fixed32()).toThrow('truncated 32-bit value in Test');
    expect(() => reader([1, 2, 3, 4, 5, 6, 7]).fixed64()).toThrow('truncated 64-bit value in Test');
  });

  it('reads a length-delimited value and refuses one that runs past the end', () => {
    const r = reader([0x03, 0x61, 0x62, 0x63, 0x01]);
    expect(r.bytes().toString()).toBe('abc');
    expect(r.done()).toBe(false);
    expect(() => r.bytes()).toThrow('truncated length-delimited field in Test');
    expect(() => reader(varint(2n ** 40n)).bytes()).toThrow('truncated length-delimited field in Test');
  });

  it('skips values of every wire type and lands on the next field', () => {
    const bytes = encode([
      [1, 300],
      [2, 'skip me'],
      [3, { fixed32: 7 }],
      [4, { fixed64: 9n }],
      [5, 'kept'],
    ]);
    const r = reader(bytes);
    for (let i = 0; i < 4; i++) {
      const { wire } = r.tag();
      r.skip(wire);
    }
    expect(r.tag()).toEqual({ field: 5, wire: WireType.Bytes });
    expect(r.bytes().toString()).toBe('kept');
    expect(r.done()).toBe(true);
  });

  it('does not skip groups (wire types 3 and 4)', () => {
    expect(() => reader([]).skip(WireType.StartGroup)).toThrow('unsupported wire type 3 in Test');
    expect(() => reader([]).skip(7)).toThrow('unsupported wire type 7 in Test');
  });
});
