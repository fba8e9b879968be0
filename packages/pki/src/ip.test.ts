import { describe, expect, it } from 'vitest';
import { bytesToIp, canonicalIp, ipToBytes } from './ip.js';

describe('ipToBytes', () => {
  it('encodes IPv4 as 4 bytes and IPv6 as 16 bytes in network order', () => {
    expect(Array.from(ipToBytes('10.1.2.3') ?? [])).toEqual([10, 1, 2, 3]);
    const v6 = ipToBytes('2001:db8::1');
    expect(v6?.length).toBe(16);
    expect(Array.from(v6 ?? []).slice(0, 4)).toEqual([0x20, 0x01, 0x0d, 0xb8]);
    expect(v6?.[15]).toBe(1);
  });

  it('encodes IPv4-mapped IPv6 addresses as the 4 IPv4 bytes', () => {
    expect(Array.from(ipToBytes('::ffff:192.168.0.1') ?? [])).toEqual([192, 168, 0, 1]);
  });

  it('rejects non-addresses and zoned IPv6 addresses', () => {
    for (const bad of ['', 'localhost', '1.2.3', '256.1.1.1', '1::2::3', 'fe80::1%eth0']) {
      expect(ipToBytes(bad), bad).toBeUndefined();
    }
  });
});

describe('canonicalIp', () => {
  it.each([
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::', '::'],
    ['1::', '1::'],
    ['2001:DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    ['1:0:0:2:0:0:0:3', '1:0:0:2::3'],
    ['1:2:3:4:5:6:0:8', '1:2:3:4:5:6:0:8'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
    ['64:ff9b::1.2.3.4', '64:ff9b::102:304'],
    ['127.0.0.1', '127.0.0.1'],
  ])('prints %s as %s (RFC 5952)', (input, expected) => {
    expect(canonicalIp(input)).toBe(expected);
  });

  it('round-trips bytes through text', () => {
    const bytes = Uint8Array.from([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2]);
    expect(Array.from(ipToBytes(bytesToIp(bytes)) ?? [])).toEqual(Array.from(bytes));
  });
});
