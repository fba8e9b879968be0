/**
 * IP address helpers for subjectAltName entries: parse IPv4/IPv6 text into the raw bytes an
 * X.509 iPAddress GeneralName holds, and print bytes back in canonical form (dotted IPv4,
 * RFC 5952 compressed lowercase IPv6). node-forge's own IPv6 parser mishandles some forms,
 * so we encode the bytes ourselves.
 *
 * @example
 * ipToBytes('::1');               // Uint8Array(16) [0, ..., 1]
 * canonicalIp('0:0:0:0:0:0:0:1'); // '::1'
 * canonicalIp('::ffff:10.0.0.1'); // '10.0.0.1'
 */
import { isIPv4, isIPv6 } from 'node:net';

/**
 * Raw network-order bytes of an IPv4 (4 bytes) or IPv6 (16 bytes) address; undefined if invalid.
 * IPv4-mapped IPv6 addresses yield the 4 IPv4 bytes (Go encodes such SANs the same way).
 */
export function ipToBytes(ip: string): Uint8Array | undefined {
  if (isIPv4(ip)) return Uint8Array.from(ip.split('.').map(Number));
  if (!isIPv6(ip) || ip.includes('%')) return undefined;
  let text = ip;
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.', lastColon)) {
    // Embedded IPv4 in the last 32 bits (::ffff:1.2.3.4): rewrite it as two hex groups.
    const [a = 0, b = 0, c = 0, d = 0] = text.slice(lastColon + 1).split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, rest] = text.split('::') as [string, string | undefined];
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  let groups = parse(head);
  if (rest !== undefined) {
    const right = parse(rest);
    groups = [...groups, ...new Array<number>(8 - groups.length - right.length).fill(0), ...right];
  }
  if (groups.length !== 8) return undefined;
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  // IPv4-mapped (::ffff:a.b.c.d) is the IPv4 address, as Go's net.IP.To4 treats it.
  const mapped = out.subarray(0, 10).every((b) => b === 0) && out[10] === 0xff && out[11] === 0xff;
  return mapped ? out.slice(12) : out;
}

/** Canonical text for 4 or 16 address bytes. */
export function bytesToIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  // RFC 5952: compress the longest run (length >= 2) of zero groups, the first one on a tie.
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** Canonical text of an IP address, or undefined when `ip` is not one. */
export function canonicalIp(ip: string): string | undefined {
  const bytes = ipToBytes(ip);
  return bytes ? bytesToIp(bytes) : undefined;
}
